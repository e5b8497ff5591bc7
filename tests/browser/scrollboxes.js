// The tables and display formulas of the page that are wider than the box they scroll in. An
// element's box is its nearest ancestor, or itself, that scrolls sideways and is scrolled by it;
// `boxes` lists those whose text goes on beyond their right edge by more than `slack` pixels
// (`hidden`), each marked data-bp-scrollbox="i". An element wider than the text column without
// such a box, or whose box reaches beyond the screen, is listed in `unboxed`; `overflow` is how
// much wider than the screen the page is.
([selector, slack]) => {
  const screen = document.documentElement.clientWidth;
  const scrolls = (e) =>
    ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth;
  // How far right the ink reaches: a formula's glyphs (MathJax's mjx-c; its text is the
  // MathML for screen readers, clipped to a pixel), else the text.
  const textRight = (e) => {
    const glyphs = [...e.querySelectorAll("mjx-c")];
    const range = document.createRange();
    range.selectNodeContents(e);
    const rects = glyphs.length ? glyphs.map((g) => g.getBoundingClientRect()) : range.getClientRects();
    return Math.max(...[...rects].map((r) => r.right));
  };
  const column = document.querySelector(".md-content").getBoundingClientRect();
  const boxes = [];
  const unboxed = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.checkVisibility()) continue;
    let box = element;
    while (box && !scrolls(box)) box = box.parentElement;
    const rect = (box || element).getBoundingClientRect();
    if (!box || rect.left < -1 || rect.right > screen + 1) {
      if (element.getBoundingClientRect().width > column.width) {
        unboxed.push(element.textContent.trim().split(/\s+/).slice(0, 8).join(" "));
      }
      continue;
    }
    box.scrollLeft = 0;
    const hidden = Math.round(textRight(element) - rect.right);
    if (hidden > slack && !boxes.some((b) => b.element === box)) {
      box.dataset.bpScrollbox = boxes.length;
      boxes.push({ element: box, hidden });
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - screen,
    boxes: boxes.map(({ element, hidden }) => ({
      box: `${element.localName}.${element.className}`,
      hidden,
      text: element.textContent.trim().split(/\s+/).slice(0, 8).join(" "),
    })),
    unboxed,
  };
}
