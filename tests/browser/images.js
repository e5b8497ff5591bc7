// Loads every image (lazy ones too) and returns what a reader would get from each, and the
// figures: content images at least 100 px wide and inline SVG figures (matplotlib's, not
// Material's icons), each marked with `data-bp-figure` for an element screenshot.
async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = "eager"; });
  const loaded = img => img.complete ? Promise.resolve()
    : new Promise(r => { img.addEventListener("load", r); img.addEventListener("error", r); });
  await Promise.race([Promise.all(images.map(loaded)), new Promise(r => setTimeout(r, 10000))]);
  const svgs = [...document.querySelectorAll(".md-content svg")]
    .filter(svg => !svg.parentElement.closest("svg") && svg.getAttribute("aria-hidden") !== "true"
      && svg.getBoundingClientRect().width >= 100);
  const content = [...images.filter(img => img.closest(".md-content") && img.naturalWidth >= 100),
                   ...svgs];
  return {
    images: images.map(img => ({src: img.getAttribute("src").slice(0, 100),
                                alt: img.getAttribute("alt"), width: img.naturalWidth})),
    figures: content.map((figure, i) => {
      figure.dataset.bpFigure = String(i);
      let opaque = false;  // an opaque image looks the same in both schemes
      if (figure.localName === "img") {
        const canvas = Object.assign(document.createElement("canvas"),
          {width: figure.naturalWidth, height: figure.naturalHeight});
        const context = canvas.getContext("2d");
        context.drawImage(figure, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        opaque = pixels.every((value, j) => j % 4 !== 3 || value === 255);
      }
      const label = figure.localName === "img" ? figure.getAttribute("alt")
        : figure.getAttribute("role") === "img" && (figure.getAttribute("aria-label")
          || figure.querySelector(":scope > title")?.textContent);
      return {kind: figure.localName, label: label || "", shown: figure.checkVisibility(), opaque,
              src: (figure.getAttribute("src") || figure.outerHTML).slice(0, 100)};
    }),
  };
}
