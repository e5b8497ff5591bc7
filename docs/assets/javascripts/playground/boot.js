// Loaded on every page: mounts the interactive figures a page has, once the page is parsed and
// again after Material's instant navigation (document$ emits on every page change; opened
// from file://, it does not emit at all). Mounting a figure twice does nothing.
const FIGURES = {
  "[data-playground]": () => import("./playground.js"),
  "[data-momentum-live]": () => import("./momentum.js"),
};

function mountAll() {
  for (const [selector, load] of Object.entries(FIGURES)) {
    const roots = document.querySelectorAll(selector);
    if (roots.length) load().then((module) => roots.forEach((root) => module.mount(root)));
  }
}

window.document$?.subscribe(mountAll);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
