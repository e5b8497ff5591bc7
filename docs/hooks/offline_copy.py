"""MkDocs hook: the offline copy (``tools/offline_site.py``) works from the file system.

Opened from ``file://``, a page can start neither a web worker nor an ES module, so in the
offline build only (Material's ``offline`` plugin enabled):

* **Search.** Material's ``offline`` plugin lists a shim that runs the search's worker in an
  iframe, ``iframe-worker``, in ``extra.polyfills``, from unpkg.com, unless a polyfill of that
  name is listed already. An offline reader cannot reach unpkg.com, and search would stay
  hidden: this hook lists the copy kept in ``docs/assets/javascripts/vendor/iframe-worker/``
  (npm ``iframe-worker`` 1.0.4, MIT).
* **The playground.** ``boot.js`` and the modules it imports are bundled by esbuild (npm,
  ``package-lock.json``) into one classic script, which the pages load instead of ``boot.js``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from typeset_math import NODE_MODULES, node_executable

SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"
BOOT = "assets/javascripts/playground/boot.js"
BUNDLE = "assets/javascripts/playground/offline.js"
#: Node script: esbuild's API bundles the module argv[1] into the classic script argv[2].
ESBUILD = (
    "require('esbuild').buildSync({entryPoints: [process.argv[1]], outfile: process.argv[2], "
    "bundle: true, format: 'iife', minify: true, logLevel: 'warning'})"
)


def _offline(config) -> bool:
    offline = config.plugins.get("material/offline")
    return offline is not None and offline.config.enabled


@event_priority(100)  # before the offline plugin's on_config
def on_config(config):
    if _offline(config):
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
        for script in config.extra_javascript:
            if str(script) == BOOT:
                script.path, script.type = BUNDLE, ""
    return config


def on_post_build(config) -> None:
    if not _offline(config):
        return
    source, bundle = Path(config.docs_dir, BOOT), Path(config.site_dir, BUNDLE)
    bundled = subprocess.run(
        [node_executable(), "-e", ESBUILD, str(source), str(bundle)],
        cwd=NODE_MODULES.parent,  # where require() finds node_modules/esbuild
        capture_output=True,
        text=True,
    )
    if bundled.returncode != 0:
        raise PluginError(f"esbuild could not bundle {source} into {bundle}:\n{bundled.stderr}")
