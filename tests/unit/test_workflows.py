"""The GitHub Actions workflows, checked against GitHub's own schema.

They never run on this machine; check-jsonschema carries a copy of the
schema GitHub publishes (`vendor.github-workflows`), so a misspelt key, a
step without `run` or `uses`, or a bad trigger is caught here, offline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _check(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, files)], capture_output=True, text=True, timeout=60)


def test_there_are_workflows_to_check():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "build-all.yml", "external-links.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(workflow: Path):
    result = _check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - nme: no run or uses\n", encoding="utf-8")
    result = _check(broken)
    assert result.returncode != 0 and "broken.yml" in result.stdout, result.stdout
