"""dev.py as a contributor uses it: help without side effects, signals passed on, -d honoured."""

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
