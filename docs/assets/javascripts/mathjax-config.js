/*
 * MathJax 3 configuration for the backprop site (self-hosted, see
 * docs/assets/vendor/mathjax/README.md). Loaded with `defer` just before tex-chtml.js.
 *
 * - Only `.arithmatex` (Markdown pages, pymdownx.arithmatex generic output) and
 *   `.jp-MarkdownOutput` (markdown cells of executed notebook pages, where nbconvert leaves
 *   `$...$` raw) are typeset; every other element with a class is skipped.
 * - `startup.typeset: false`: the page is typeset only by the `document$` handler below, which
 *   Material calls on the first load and after every instant navigation. (Typesetting twice
 *   hides the glyphs.)
 * - Lazy typesetting (`ui/lazy`): every formula is parsed at once (so equation numbers and
 *   references are right), but drawn only when it comes near the viewport. A page with
 *   hundreds of formulas would otherwise block the browser for seconds. The formulas on
 *   screen when the page opens are drawn at once, in one pass, so that the text moves once.
 * - Cross-page equation references: the equations page (`equations/`) numbers Nielsen's
 *   equations with `\tag{BP1}\label{BP1}` (also BP1a, BP2, BP3, BP4). On every other page
 *   those labels are known in advance, so `\eqref{BP1}` renders "(BP1)" as a link to
 *   `equations/#BP1` instead of "(???)". Other pages restate an equation with `\tag{BP1}`
 *   only, never `\label{BP1}` (a second label would be a duplicate).
 */
(function () {
  "use strict";

  /** Page (relative to the site root) that defines the labels, and the labels it defines. */
  const EQUATIONS_PAGE = "equations/";
  const EQUATION_LABELS = ["BP1", "BP1a", "BP2", "BP3", "BP4"];
  const EAGER = "data-math-eager";

  /** Absolute URL of the site root: Material's `__md_scope`, correct under a sub-path. */
  function siteRoot() {
    return typeof __md_scope !== "undefined" ? __md_scope : new URL(".", location.href);
  }

  function equationsPath() {
    return new URL(EQUATIONS_PAGE, siteRoot()).pathname;
  }

  /**
   * The print page (print_page/, printed to the PDF edition) holds every page, the equations
   * page too. It is typeset whole, without lazy typesetting, which would crash there (no
   * formula is near the viewport on the cover) and which printing cannot use anyway. This
   * script is deferred: the document is parsed when it runs.
   */
  const PRINT_PAGE = document.getElementById("print-site-page") !== null;

  function onEquationsPage() {
    return PRINT_PAGE || location.pathname.replace(/index\.html$/, "") === equationsPath();
  }

  /**
   * After typesetting, bring the equation named by a `#BP1`-style hash into view. Its element
   * did not exist when the browser (or Material) looked for it, and with lazy typesetting it
   * may still not exist: find the formula by its `\label` and scroll to its container.
   */
  function scrollToMathTarget() {
    const label = decodeURIComponent(location.hash.slice(1));
    if (!label) return;
    const tag = `\\label{${label}}`;
    const item = Array.from(MathJax.startup.document.math).find((math) =>
      math.math.replace(/\s+/g, "").includes(tag),
    );
    item?.typesetRoot?.scrollIntoView({ block: "center" });
  }

  /** Mark the formulas near the viewport: MathJax draws those at once (lazyAlwaysTypeset). */
  function markVisibleMath() {
    const [top, bottom] = [-0.5 * innerHeight, 1.5 * innerHeight];
    for (const math of document.querySelectorAll(".arithmatex")) {
      const box = math.getBoundingClientRect();
      math.toggleAttribute(EAGER, box.bottom > top && box.top < bottom);
    }
  }

  /** Register the "site" tags: AMS numbering plus the equations page's labels. */
  function defineSiteTags() {
    const { Label, TagsFactory } = MathJax._.input.tex.Tags;
    const { AmsTags } = MathJax._.input.tex.ams.AmsConfiguration;

    class SiteTags extends AmsTags {
      reset(offset) {
        super.reset(offset);
        if (onEquationsPage()) return;
        for (const label of EQUATION_LABELS) {
          this.allLabels[label] = new Label(label, this.formatId(label));
        }
      }

      /** The element id of a labelled equation is its label: `equations/#BP1`. */
      formatId(id) {
        return id.replace(/\s/g, "_");
      }

      formatUrl(id, base) {
        if (EQUATION_LABELS.includes(id) && !onEquationsPage()) {
          return equationsPath() + "#" + encodeURIComponent(id);
        }
        return super.formatUrl(id, base);
      }
    }

    TagsFactory.add("site", SiteTags);
  }

  window.MathJax = {
    loader: { load: PRINT_PAGE ? [] : ["ui/lazy"] },
    tex: {
      inlineMath: [["\\(", "\\)"], ["$", "$"]],
      displayMath: [["\\[", "\\]"], ["$$", "$$"]],
      processEscapes: true,
      processEnvironments: true,
      tags: "site",
    },
    options: {
      ignoreHtmlClass: ".+",
      processHtmlClass: "arithmatex|jp-MarkdownOutput",
      lazyAlwaysTypeset: `[${EAGER}]`,
    },
    startup: {
      typeset: false,
      ready() {
        defineSiteTags();
        MathJax.startup.defaultReady();
        document$.subscribe(() => {
          MathJax.startup.output.clearCache();
          MathJax.typesetClear();
          MathJax.texReset();
          markVisibleMath();
          MathJax.typesetPromise().then(scrollToMathTarget);
        });
      },
    },
  };
})();
