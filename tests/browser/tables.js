// The tables of the page that are wider than the box they scroll in. A table's box is its
// nearest ancestor, or itself, that scrolls sideways and is scrolled by it; `boxes` lists those
// whose text goes on beyond their right edge by more than `slack` pixels (`hidden`), each
// marked data-bp-scrollbox="i". A table wider than the text column without such a box, or whose
// box reaches beyond the screen, is listed in `unboxed`; `overflow` is how much wider than the
// screen the page is.
(slack) => {
  const screen = document.documentElement.clientWidth;
  const scrolls = (e) =>
    ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth;
  const textRight = (e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return Math.max(...[...range.getClientRects()].map((r) => r.right));
  };
  const column = document.querySelector(".md-content").getBoundingClientRect();
  const boxes = [];
  const unboxed = [];
  for (const table of document.querySelectorAll(".md-content table")) {
    if (!table.checkVisibility()) continue;
    let box = table;
    while (box && !scrolls(box)) box = box.parentElement;
    const rect = (box || table).getBoundingClientRect();
    if (!box || rect.left < -1 || rect.right > screen + 1) {
      if (table.getBoundingClientRect().width > column.width) {
        unboxed.push(table.textContent.trim().split(/\s+/).slice(0, 8).join(" "));
      }
      continue;
    }
    box.scrollLeft = 0;
    const hidden = Math.round(textRight(table) - rect.right);
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
