"""The GitHub Actions workflows: valid, secure, and running the README's commands.

A broken workflow only shows itself on GitHub, after it has landed; these tests catch it here.
check-jsonschema validates each file against the workflow schema it ships (offline), zizmor
audits them for security problems (offline), and the tests below hold our own policies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
README_COMMANDS = ("python3 dev.py serve", "python3 dev.py test")
#: Tools a workflow step must reach through dev.py, never directly, so CI and README agree.
TOOLS = re.compile(r"\b(pip|pytest|mkdocs|ruff)\b")


def tool(name: str) -> str:
    """Return the path of a linter installed with the `dev` extra; skip (fail on CI) if absent."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        message = f"{name} is not installed: python3 dev.py test installs it"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def load(path: Path) -> dict:
    """Parse a workflow (its key ``on`` reads as True in YAML 1.1; no test needs it)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    """Return every step of every job."""
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses_lines(path: Path) -> list[str]:
    """Return the text after ``uses:`` on each line that names an action, comment included."""
    found = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), re.M)
    return [use for use in found if not use.startswith(("./", "docker://"))]


@pytest.fixture(params=WORKFLOWS, ids=lambda path: path.name)
def workflow_path(request) -> Path:
    return request.param


def test_there_is_a_ci_workflow():
    assert ROOT / ".github" / "workflows" / "ci.yml" in WORKFLOWS


def test_workflows_match_the_github_schema():
    check = tool("check-jsonschema")
    command = [check, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_no_security_problem():
    zizmor = tool("zizmor")
    command = [zizmor, "--offline", "--no-progress", "--color=never", *map(str, WORKFLOWS)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_third_party_actions_are_pinned_to_a_commit_with_its_version(workflow_path):
    uses = uses_lines(workflow_path)
    assert uses, "expected at least one action"
    unpinned = [use for use in uses if not PINNED.match(use)]
    assert not unpinned, f"pin as owner/repo@<40-hex commit> # vX.Y.Z: {unpinned}"


def test_each_action_is_pinned_to_one_commit_everywhere():
    commits: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for use in uses_lines(path):
            action, _, ref = use.partition("@")
            commits.setdefault(action, set()).add(ref)
    assert {action: refs for action, refs in commits.items() if len(refs) > 1} == {}


def deploys(job: dict) -> bool:
    """Whether the job deploys the site to GitHub Pages."""
    return any("actions/deploy-pages@" in step.get("uses", "") for step in job["steps"])


def pushes(job: dict) -> bool:
    """Whether the job pushes to the repository (the notebooks for Colab)."""
    return any("git push" in step.get("run", "") for step in job["steps"])


def test_permissions_are_read_only_unless_a_job_deploys_or_publishes(workflow_path):
    workflow = load(workflow_path)
    assert workflow.get("permissions") == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        expected = None
        if deploys(job):
            expected = {"pages": "write", "id-token": "write"}
        elif pushes(job):
            expected = {"contents": "write"}
        assert job.get("permissions") == expected, name


def test_deploying_and_publishing_are_serialised_and_only_from_main(workflow_path):
    jobs = load(workflow_path)["jobs"]
    for name, job in jobs.items():
        if not (deploys(job) or pushes(job)):
            continue
        assert job["concurrency"]["cancel-in-progress"] is False, name
        assert "refs/heads/main" in job["if"] and "push" in job["if"], name
        if deploys(job):
            assert job["environment"]["name"] == "github-pages", name
        else:  # after the deployment it publishes with, never from an untested build
            assert any(deploys(jobs[need]) for need in job["needs"]), name


def test_needs_name_existing_jobs(workflow_path):
    jobs = load(workflow_path)["jobs"]
    for name, job in jobs.items():
        needs = job.get("needs", [])
        missing = set([needs] if isinstance(needs, str) else needs) - set(jobs)
        assert not missing, f"job {name} needs unknown jobs {missing}"


def test_checkouts_keep_no_credentials(workflow_path):
    for step in steps(load(workflow_path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_steps_run_the_readme_commands_not_the_tools(workflow_path):
    runs = [step["run"] for step in steps(load(workflow_path)) if "run" in step]
    direct = [run for run in runs if TOOLS.search(run)]
    assert not direct, f"call these through dev.py, as the README does: {direct}"


def test_ci_runs_what_the_readme_and_ci_script_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(command in readme for command in README_COMMANDS)
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npython3 dev.py test --all\n" in ci_script
    runs = {step["run"] for path in WORKFLOWS for step in steps(load(path)) if "run" in step}
    for command in (".ci/run", "python3 dev.py lint", "python3 dev.py build"):
        assert command in runs, command
