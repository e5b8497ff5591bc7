// A table too wide for the screen scrolls sideways inside the wrapper Material puts around it
// (.md-typeset__scrollwrap), a display formula inside its div.arithmatex; a tab stop lets
// keyboard users scroll them too (WCAG 2.1.1, axe-core's scrollable-region-focusable). Runs on
// every page once it is parsed, and again after instant navigation (document$, which does not
// emit when the page is opened from file://). The shadow that shows a reader there is more to
// the right is CSS (site.css, "wide tables"), so that it shows without JavaScript too.
const SCROLL_BOXES = ".md-typeset__scrollwrap, .md-typeset div.arithmatex";

function focusableScrolling() {
  for (const wrap of document.querySelectorAll(SCROLL_BOXES)) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.tabIndex = 0;
  }
}

window.document$?.subscribe(focusableScrolling);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", focusableScrolling);
} else {
  focusableScrolling();
}
