// Loaded on every page: mounts the interactive figures a page has, also after Material's
// instant navigation (document$ emits on every page change).
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

if (window.document$) window.document$.subscribe(mountAll);
else mountAll();
