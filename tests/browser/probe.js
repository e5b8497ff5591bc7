// Everything about the page's text, mathematics, links and notebook cells (run after read.js,
// so that collapsed blocks are open).
() => {
  // The character a glyph draws; stretchy delimiters' pieces have no class (and no code).
  const code = c => {
    const m = c.className.match(/mjx-c([0-9A-F]+)/);
    return m && parseInt(m[1], 16);
  };
  const text = el => [...el.querySelectorAll("mjx-c")].filter(code)
    .map(c => String.fromCodePoint(code(c))).join("");
  // Characters MathJax draws with no width on purpose.
  const zeroWidth = new Set([0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x2061, 0x2062, 0x2063, 0x2064]);
  const containers = [...document.querySelectorAll("mjx-container")];
  const shown = containers.filter(c => c.checkVisibility());
  const hiddenGlyph = g => {
    if (zeroWidth.has(code(g))) return false;
    const content = getComputedStyle(g, "::before").content;
    const drawn = g.textContent !== "" || !["none", "normal", '""', ""].includes(content);
    const style = getComputedStyle(g);
    // A stretchy delimiter's extender piece is scaled to its width, which may be zero.
    const flat = g.getBoundingClientRect().width === 0 && g.parentElement.localName !== "mjx-ext";
    return !drawn || flat || style.visibility === "hidden"
      || style.color === "rgba(0, 0, 0, 0)" || Number(style.opacity) === 0;
  };
  const glyphs = shown.flatMap(c => [...c.querySelectorAll("mjx-c")]);
  const prose = document.body.cloneNode(true);
  prose.querySelectorAll("pre, code, script, style, noscript, textarea, mjx-container, [hidden]")
    .forEach(e => e.remove());
  // nbconvert nests a `remove-input` cell in a second `.jp-CodeCell`: take the innermost.
  const cells = [...document.querySelectorAll(".jp-Notebook .jp-CodeCell:not(:has(.jp-CodeCell))")]
    .map(cell => ({
    input: cell.querySelector(".jp-InputArea") !== null,
    outputs: [...cell.querySelectorAll(".jp-OutputArea-output")].map(o => ({
      mime: o.dataset.mimeType || "", text: o.textContent.trim().slice(0, 300),
      // The width of each figure: an image as loaded, an inline SVG as drawn.
      figures: [...o.querySelectorAll("img, svg[role=img]")].map(e =>
        e.localName === "img" ? e.naturalWidth : e.getBoundingClientRect().width),
    })),
  }));
  const report = {
    title: document.title,
    scheme: document.body.dataset.mdColorScheme || "",
    containers: containers.length,
    shown_containers: shown.length,
    empty_containers: shown.filter(c => {
      const r = c.getBoundingClientRect(); return r.width === 0 || r.height === 0;
    }).length,
    nested_containers: document.querySelectorAll("mjx-container mjx-container").length,
    glyphs: glyphs.length,
    hidden_glyphs: glyphs.filter(hiddenGlyph).slice(0, 20).map(g => g.className),
    merrors: [...document.querySelectorAll("mjx-merror")]
      .map(e => e.getAttribute("data-mjx-error") || text(e)),
    input_error: document.body.textContent.includes("Math input error"),
    // A math script in the browser: none is needed, the formulas are typeset at build time.
    math_script: typeof window.MathJax !== "undefined"
      || document.querySelector("script[src*=mathjax i], script[src*=katex i]") !== null,
    untypeset: [...document.querySelectorAll(".arithmatex")]
      .filter(e => e.querySelectorAll("mjx-container").length !== 1)
      .map(e => e.textContent.slice(0, 80)),
    prose: prose.textContent,
    math_links: [...document.querySelectorAll(".arithmatex a[href]")]
      .map(a => ({href: a.href, text: text(a)})),
    tags: Object.fromEntries([...document.querySelectorAll("mjx-container [id]")]
      .map(e => [e.id, text(e)])),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    ids: [...document.querySelectorAll("[id], a[name]")].map(e => e.id || e.getAttribute("name")),
    pycon: document.querySelectorAll(".language-pycon pre > code").length,
    notebook: document.querySelector(".jp-Notebook") !== null,
    cells,
  };
  return report;
}
