// A table too wide for the screen scrolls sideways inside the wrapper Material puts around it
// (.md-typeset__scrollwrap); a tab stop lets keyboard users scroll it too (WCAG 2.1.1,
// axe-core's scrollable-region-focusable). Runs on every page, instant navigation included.
document$.subscribe(() => {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.tabIndex = 0;
  }
});
