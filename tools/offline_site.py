"""Build the offline copy of the site and zip it.

    python -m tools.offline_site [--build build/offline] [--output site/backprop-offline.zip]

The offline copy is a second build of the same sources for reading from the file system
(``file://``, no server): ``mkdocs build --no-directory-urls`` (links end in ``.html``) with
Material's offline plugin on (``BACKPROP_OFFLINE=true``, see ``mkdocs.yml``), which makes search
work without a server. The zip holds one folder, ``backprop/``; a reader unzips it and opens
``backprop/index.html``. Every executed page keeps its notebook download link.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from tests.sitekit import ROOT, build_site

ZIP_NAME = "backprop-offline.zip"
#: The folder inside the zip.
FOLDER = "backprop"
#: A fixed time stamp for every entry, so that the same site gives the same zip.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def build_offline(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> None:
    """Build the offline copy of the site into ``site_dir`` (strict).

    Raises RuntimeError, with the end of the build's log, if the build fails.
    """
    build = build_site(config_file, site_dir, "--no-directory-urls", BACKPROP_OFFLINE="true")
    if build.returncode != 0:
        raise RuntimeError(
            f"the offline build failed (exit {build.returncode}):\n{build.log[-4000:]}"
        )


def zip_site(site_dir: Path, output: Path) -> int:
    """Write every file of ``site_dir`` into the zip ``output``, under ``backprop/``, atomically
    and reproducibly (sorted, fixed time stamps); return the number of files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "index.html").write_text("<h1>backprop</h1>")
    >>> zip_site(folder, folder / "out" / "offline.zip")
    1
    >>> zipfile.ZipFile(folder / "out" / "offline.zip").namelist()
    ['backprop/index.html']
    """
    if not Path(site_dir, "index.html").is_file():
        raise FileNotFoundError(f"no built site in {site_dir} (no index.html)")
    files = sorted(path for path in Path(site_dir).rglob("*") if path.is_file())
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    partial.replace(output)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "build" / "offline")
    parser.add_argument("--output", type=Path, default=ROOT / "site" / ZIP_NAME)
    args = parser.parse_args(argv)
    print(f"building the offline copy into {args.build} (mkdocs build --no-directory-urls)")
    try:
        build_offline(args.build)
    except RuntimeError as error:
        print(f"offline_site: {error}", file=sys.stderr)
        return 1
    count = zip_site(args.build, args.output)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
