"""Build the offline copy of the site and zip it.

    python tools/offline_site.py [--build build/offline] [--output site/backprop-offline.zip]

The offline copy is a second build of the same sources for reading from the file system
(``file://``, no server): ``mkdocs build --no-directory-urls`` (links end in ``.html``) with
Material's offline plugin on (``BACKPROP_OFFLINE=true``, see ``mkdocs.yml``), which makes search
work without a server. The zip holds one folder, ``backprop/``; a reader unzips it and opens
``backprop/index.html``. Every executed page keeps its notebook download link.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZIP_NAME = "backprop-offline.zip"
#: The folder inside the zip.
FOLDER = "backprop"
#: A fixed time stamp for every entry, so that the same site gives the same zip.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def build_offline(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **env: str) -> None:
    """Build the offline copy of the site into ``site_dir`` (strict); ``env`` adds variables.

    Raises subprocess.CalledProcessError if the build fails.
    """
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BACKPROP_OFFLINE": "true", **env}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls"]
    options = ["--config-file", str(config_file), "--site-dir", str(site_dir)]
    subprocess.run([*command, *options], cwd=config_file.parent, env=environment, check=True)


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
    try:
        build_offline(args.build)
    except subprocess.CalledProcessError as error:
        print(f"offline_site: the offline build failed (exit {error.returncode})", file=sys.stderr)
        return error.returncode
    count = zip_site(args.build, args.output)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
