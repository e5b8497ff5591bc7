"""dev.py and plain MkDocs as a contributor uses them: help without side effects, signals
passed on, -d honoured, and a build without MathJax stopping at once with what to run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import dev
import pytest
from tests.sitekit import ROOT

DEV = [sys.executable, str(ROOT / "dev.py")]


def test_a_command_s_help_runs_nothing_else():
    result = subprocess.run([*DEV, "build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "dev.py build" in result.stdout
    assert "tools.print_pdf" not in result.stdout, "the PDF step ran"


def test_every_step_of_build_uses_the_site_folder_given():
    steps = dev.commands("build", ["-d", "elsewhere"])
    assert steps[0][-2:] == ["-d", "elsewhere"]
    assert steps[1][-2:] == ["--site", ROOT / "elsewhere"]
    assert dev.commands("offline", ["-d", "elsewhere"])[0][-1] == (
        ROOT / "elsewhere" / "backprop-offline.zip"
    )


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigterm_reaches_the_command_and_dev_exits_with_it():
    child = "import os, time; print(os.getpid(), flush=True); time.sleep(60)"
    code = f"import sys, dev; sys.exit(dev.run(sys.executable, '-c', {child!r}))"
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout.readline().startswith("+ ")  # the command, as dev.py prints it
    pid = int(process.stdout.readline())
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 128 + signal.SIGTERM
    time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the command has ended too


def test_plain_mkdocs_without_node_modules_stops_before_executing_and_says_what_to_run(
    tmp_path,
):
    pytest.importorskip("mkdocs", reason="the site's toolchain (pip install -e '.[docs]')")
    pytest.importorskip("mkdocs_jupyter", reason="the site's toolchain (Python >= 3.12)")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split("\0")
    clone = tmp_path / "clone"  # a fresh clone: no node_modules, no .cache
    for name in filter(None, tracked):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_bytes((ROOT / name).read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "site"],
        capture_output=True,
        text=True,
        cwd=clone,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert result.returncode != 0
    assert "`npm ci`" in result.stderr, result.stderr[-2000:]
    assert "executing" not in result.stderr, "pages ran before the build stopped"
