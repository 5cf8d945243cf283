"""Scaling build-all out: shares of the profiles, the CI matrix, `make build`'s modes."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import build_all, build_site
from tests.sitebuild import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build-all.yml"


def make_dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_shards_share_out_every_profile_exactly_once(n):
    profiles = [Path(f"profiles/org-{i:03}.yml") for i in range(20)]
    shares = [build_all.shard(profiles, k, n) for k in range(1, n + 1)]
    together = [path for share in shares for path in share]
    assert sorted(together) == sorted(profiles)
    assert len(together) == len(set(together))
    assert max(map(len, shares)) - min(map(len, shares)) <= 1  # equal shares


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_a_bad_shard_is_one_line(text):
    with pytest.raises(SystemExit, match=r"--shard .*: (expected K/N|K must be from 1 to N)"):
        build_all.parse_shard(text)


def test_make_build_all_passes_shard_and_examples_on():
    assert make_dry_run("build-all").endswith("scripts/build_all.py --out build")
    assert make_dry_run("build-all", "SHARD=2/4", "EXAMPLES=no").endswith(
        "scripts/build_all.py --out build --shard 2/4 --no-examples")


def test_github_matrix_builds_every_share_and_gathers_them():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    shards = int(workflow["env"]["SHARDS"])
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert build["strategy"]["fail-fast"] is False
    commands = [step.get("run", "") for step in build["steps"]]
    assert "make build-all SHARD=${{ matrix.shard }}/${{ env.SHARDS }}" in commands
    upload = [step for step in build["steps"] if "upload-artifact" in step.get("uses", "")]
    assert upload and upload[0]["with"]["name"] == "build-${{ matrix.shard }}"
    assert upload[0]["with"]["path"] == "build/"
    gather = workflow["jobs"]["gather"]
    assert gather["needs"] == "build"
    download = [step for step in gather["steps"] if "download-artifact" in step.get("uses", "")]
    assert download[0]["with"] == {"pattern": "build-*", "path": "build/", "merge-multiple": True}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_build_all_lists_real_profiles_first_and_can_leave_examples_out(tmp_path, monkeypatch):
    (tmp_path / "profiles" / "examples").mkdir(parents=True)
    for name in ("profiles/b.yml", "profiles/a.yml", "profiles/examples/demo.yml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(build_all, "ROOT", tmp_path)
    monkeypatch.setattr(build_all, "PROFILES", tmp_path / "profiles")
    monkeypatch.setattr(build_all, "EXAMPLES", tmp_path / "profiles" / "examples")
    names = [p.relative_to(tmp_path).as_posix() for p in build_all.default_profiles()]
    assert names == ["profiles/a.yml", "profiles/b.yml", "organisation.yml",
                     "profiles/examples/demo.yml"]
    assert [p.name for p in build_all.default_profiles(examples=False)] == ["a.yml", "b.yml"]


def test_make_build_output_is_readable_whatever_the_umask(tmp_path):
    """build_site.py (make build, make release) under umask 077: folders 0755,
    files 0644, the site folder and a parent it had to create included."""

    def mkdocs_writes_private_files(config_file: Path, site_dir: Path) -> int:
        (site_dir / "contacts").mkdir(parents=True)
        (site_dir / "index.html").write_text("<title>home</title>", encoding="utf-8")
        (site_dir / "contacts" / "index.html").write_text("<title>c</title>", encoding="utf-8")
        return 0

    previous = os.umask(0o077)
    try:
        site = tmp_path / "out" / "site"
        assert build_site.build(site, ROOT / "mkdocs.yml", run=mkdocs_writes_private_files) == 0
    finally:
        os.umask(previous)
    modes = {path.relative_to(tmp_path).as_posix(): oct(path.stat().st_mode & 0o777)
             for path in [tmp_path / "out", *(tmp_path / "out").rglob("*")]}
    assert modes == {"out": "0o755", "out/site": "0o755", "out/site/contacts": "0o755",
                     "out/site/index.html": "0o644", "out/site/contacts/index.html": "0o644"}
