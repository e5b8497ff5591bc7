/*
 * Typeset TeX to MathJax CHTML with assistive MathML, in Node, for docs/hooks/typeset_math.py.
 *
 * One process per site build. It reads one JSON request per line on stdin and writes one JSON
 * answer per line on stdout:
 *
 *   {"formulas": [{"tex": "\\(x\\)", "display": false}, ...], "labels": {"BP1": "../equations/#BP1"}}
 *     -> {"html": ["<mjx-container ...>", ...], "errors": [{"tex": "...", "message": "..."}],
 *         "css": "..."}
 *
 * `css` holds the CHTML rules of the characters and constructs of that page alone (each page
 * is typeset by an output jax of its own), so an answer is complete by itself: the site's
 * stylesheet is the union of its pages' rules, and an answer can be cached.
 *
 * The formulas of one request are one page: typeset together as one MathJax document (so that
 * \tag numbering, \label and \eqref, forward references included, work as in the browser),
 * with equation numbering reset. `tex` is the HTML-escaped text of a pymdownx.arithmatex
 * element, delimiters included. `labels` are the labels defined on other pages, with the URL
 * (relative to this page) that `\eqref` links to. The element id of a labelled equation is its
 * label, so `equations/#BP1` reaches it.
 *
 * Usage: node typeset_math.js FONT_URL   (FONT_URL: where the stylesheet finds the woff fonts)
 */
"use strict";

const readline = require("node:readline");
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { CHTML } = require("mathjax-full/js/output/chtml.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
const { AmsTags } = require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");
const { Label, TagsFactory } = require("mathjax-full/js/input/tex/Tags.js");

/**
 * Every package but those that would hide an error (rendering the TeX in place of a message)
 * and those that wrap the tags class in a way an ES2015 class (SiteTags) does not allow.
 */
const LEFT_OUT = ["noerrors", "noundefined", "tagformat", "mathtools"];
const PACKAGES = AllPackages.filter((name) => !LEFT_OUT.includes(name));

/** The labels of other pages for the page being typeset: label -> URL. */
let externalLabels = {};
/** The TeX errors of the page being typeset. */
let errors = [];

class SiteTags extends AmsTags {
  reset(offset) {
    super.reset(offset);
    for (const label of Object.keys(externalLabels)) {
      this.allLabels[label] = new Label(label, this.formatId(label));
    }
  }

  formatId(id) {
    return id.replace(/\s/g, "_");
  }

  formatUrl(id, base) {
    return externalLabels[id] ?? super.formatUrl(id, base);
  }
}
TagsFactory.add("site", SiteTags);

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const tex = new TeX({
  packages: PACKAGES,
  tags: "site",
  inlineMath: [["\\(", "\\)"]],
  displayMath: [["\\[", "\\]"]],
  processEscapes: true,
  processEnvironments: true,
  formatError(jax, error) {
    errors.push({ tex: jax.latex, message: error.message });
    return jax.formatError(error);
  },
});

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function typeset({ formulas, labels = {} }) {
  const chtml = new CHTML({ fontURL: process.argv[2] ?? "", adaptiveCSS: true });
  externalLabels = labels;
  errors = [];
  const body = formulas
    .map(({ tex: source, display }) => {
      const tag = display ? "div" : "span";
      return `<${tag} class="arithmatex">${escapeHtml(source)}</${tag}>`;
    })
    .join("\n");
  const html = mathjax.document(`<html><head></head><body>${body}</body></html>`, {
    InputJax: tex,
    OutputJax: chtml,
  });
  tex.reset();
  html.render();
  const wrappers = adaptor
    .childNodes(adaptor.body(html.document))
    .filter((node) => adaptor.kind(node) !== "#text");
  return {
    html: wrappers.map((node) => {
      const children = adaptor.childNodes(node);
      const typeset = children.length === 1 && adaptor.kind(children[0]) === "mjx-container";
      return typeset ? adaptor.outerHTML(children[0]) : null;
    }),
    errors,
    css: chtml.chtmlStyles ? adaptor.textContent(chtml.chtmlStyles) : "",
  };
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let reply;
  try {
    reply = typeset(JSON.parse(line));
  } catch (error) {
    reply = { failure: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
