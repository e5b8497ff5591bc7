"""MkDocs hook: search in the offline copy without a CDN.

Opened from the file system, a page cannot start the search's web worker, so Material's
``offline`` plugin lists a shim that runs it in an iframe, ``iframe-worker``, in
``extra.polyfills``, from unpkg.com, unless a polyfill of that name is listed already. An
offline reader cannot reach unpkg.com, and search would stay hidden: this hook lists the copy
kept in ``docs/assets/javascripts/vendor/iframe-worker/`` (npm ``iframe-worker`` 1.0.4, MIT)
first, in the offline build only.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


@event_priority(100)  # before the offline plugin's on_config
def on_config(config):
    offline = config.plugins.get("material/offline")
    if offline is not None and offline.config.enabled:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
    return config
