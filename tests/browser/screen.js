// What one screenful of the page shows at the current viewport and scheme: whether the page
// is wider than the screen (it must scroll sideways only inside code blocks, tables and wide
// formulas), the visible text outside code and formulas (to look for TeX source), and the
// formulas' glyphs (each must be drawn: a glyph is CSS `::before` content in MathJax's font).
() => {
  const code = (c) => {
    const m = c.className.match(/mjx-c([0-9A-F]+)/);
    return m && parseInt(m[1], 16);
  };
  const zeroWidth = new Set([0x20, 0xa0, 0x200b, 0x200c, 0x200d, 0x2061, 0x2062, 0x2063, 0x2064]);
  const glyphs = [...document.querySelectorAll("mjx-container")]
    .filter((c) => c.checkVisibility())
    .flatMap((c) => [...c.querySelectorAll("mjx-c")])
    .filter((g) => !zeroWidth.has(code(g)));
  const undrawn = glyphs.filter((g) => {
    const content = getComputedStyle(g, "::before").content;
    const drawn = g.textContent !== "" || !["none", "normal", '""', ""].includes(content);
    return !drawn || getComputedStyle(g).visibility === "hidden";
  });
  const prose = document.body.cloneNode(true);
  prose
    .querySelectorAll("pre, code, script, style, noscript, textarea, mjx-container, [hidden]")
    .forEach((e) => e.remove());
  const width = document.documentElement.clientWidth;
  return {
    overflow: document.documentElement.scrollWidth - width,
    wide: [...document.querySelectorAll(".md-content *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && e.checkVisibility())
      .filter((e) => !e.closest("pre, table, .arithmatex, .md-typeset__scrollwrap, .jp-OutputArea"))
      .slice(0, 5)
      .map((e) => `${e.localName}.${e.className}`.slice(0, 80)),
    prose: prose.textContent,
    containers: document.querySelectorAll("mjx-container").length,
    untypeset: document.querySelectorAll(".arithmatex:not(:has(mjx-container))").length,
    glyphs: glyphs.length,
    undrawn: undrawn.slice(0, 10).map((g) => g.className),
    fontErrors: [...document.fonts].filter((f) => f.status === "error").map((f) => f.family),
  };
}
