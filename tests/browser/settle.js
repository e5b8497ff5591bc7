// Resolves once the page is ready to look at: its fonts (MathJax's woff fonts included) are
// loaded and every formula element holds a typeset formula. Resolves false after `timeout` ms.
async (timeout) => {
  const done = () =>
    [...document.querySelectorAll(".arithmatex")].every((e) => e.querySelector("mjx-container"));
  const end = performance.now() + timeout;
  while (!done()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await document.fonts.ready;
  return true;
}
