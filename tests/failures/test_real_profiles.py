"""An adopter's own profile in profiles/ (demonstration: false) is first-class.

The tests hold the demonstrations (organisation.yml, profiles/examples/) to
"fictional"; an organisation's real profile in profiles/ must not make them
fail. Checked in a copy of the project with such a profile added: the profile
here is fictional but marked `demonstration: false`, as a real one is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.sitebuild import ROOT

# Every test that reads the profiles/ folder itself (the others name their
# profiles, or make their own folder). Each costs no build: the nested run
# checks what a real profile changes, not the builds the main run makes.
PROFILE_TESTS = [
    "tests/failures/test_multi_org.py::test_example_profiles_are_fictional",
    "tests/failures/test_multi_org.py::test_build_all_builds_the_demonstration_and_every_profile_site_and_bundle",
    "tests/unit/test_profile_tools.py::test_every_committed_profile_is_valid",
    "tests/unit/test_profile_tools.py::test_make_check_profiles_checks_the_demo_and_every_profile",
    "tests/unit/test_profile_hardening.py::test_the_committed_profiles_still_pass",
]


def project_copy(where: Path) -> Path:
    """The committed project (git ls-files, else the folder), sharing .venv."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            check=False)
    names = [name for name in listed.stdout.decode().split("\0") if name] if (
        listed.returncode == 0) else []
    if names:
        for name in names:
            if (ROOT / name).is_file():
                (where / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, where / name)
    else:
        shutil.copytree(ROOT, where, dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns(".venv", "site", "build", ".cache", ".git"))
    (where / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return where


def real_profile_text() -> str:
    data = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    data["demonstration"] = False
    data["organisation"]["name"] = "Acme Example Housing Association"
    data["organisation"]["short_name"] = "Acme Housing"
    return ("# yaml-language-server: $schema=../schema/organisation.schema.json\n"
            + yaml.safe_dump(data, sort_keys=False))


def test_tests_pass_with_a_real_profile_in_profiles(tmp_path):
    copy = project_copy(tmp_path / "project")
    (copy / "profiles" / "acme.yml").write_text(real_profile_text(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in {"ORG_PROFILE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
           and not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider",
         *PROFILE_TESTS],
        cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
    check = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed",
                            "-o", "bytecode", "check-profiles"],
                           cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert "profiles/acme.yml: valid profile for Acme Example Housing Association" in check.stdout
