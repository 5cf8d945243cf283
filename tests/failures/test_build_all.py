"""Scaling build-all out: shares of the profiles, the CI matrix, `make build`'s modes,
and one worker building two organisations' sites and bundles, the bundles
reusing their site build's Markdown conversions."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from scripts import build_all, build_bundle, build_site
from tests.sitebuild import ROOT

EXAMPLES = ROOT / "profiles" / "examples"
SCHOOLS = EXAMPLES / "example-school-group.yml"
COUNCIL = EXAMPLES / "example-council.yml"

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


# --------------------------------------------------------------------------
# One worker, two organisations: the bundle reuses its site's conversions
# --------------------------------------------------------------------------


def test_build_all_gives_each_profile_to_one_worker_site_first():
    jobs = build_all.plan([SCHOOLS, COUNCIL], Path("/tmp/out"), bundle=True)
    groups = build_all.by_profile(jobs)
    assert [[(job.name, job.kind) for job in group] for group in groups] == [
        [("example-school-group", "site"), ("example-school-group", "bundle")],
        [("example-council", "site"), ("example-council", "bundle")]]


def _zip_files(path: Path) -> dict[str, tuple[int, bytes]]:
    """Each entry below the top folder: its mode and its bytes."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename.split("/", 1)[1]: (info.external_attr >> 16,
                                                 archive.read(info))
                for info in archive.infolist()}


def _site_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    """One scripts/build_worker.py process: the council's site, then the
    schools' bundle straight after it (so with nothing of its own to reuse)."""
    out = tmp_path_factory.mktemp("one-worker")
    jobs = [("site", COUNCIL, out / "council" / "site"),
            ("bundle", SCHOOLS, out / "schools" / "schools-fileshare.zip")]
    lines = "".join(json.dumps({"kind": kind, "profile": str(profile), "output": str(output)})
                    + "\n" for kind, profile, output in jobs)
    env = {k: v for k, v in os.environ.items() if k != "ORG_PROFILE"}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_worker.py")],
                            input=lines, cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(results) == len(jobs), result.stderr[-3000:]
    for (kind, profile, _), outcome in zip(jobs, results):
        assert outcome["returncode"] == 0, f"{kind} {profile.name}: {outcome['log'][-3000:]}"
    return out, results


def test_a_bundle_reuses_only_its_own_profiles_site_build(build_all_run, one_worker):
    _, results = one_worker
    site_pages = len(list((ROOT / "docs").rglob("*.md")))
    # build-all builds each profile's bundle right after its site: each bundle
    # reuses most of its pages. The schools' bundle straight after the
    # council's site reuses none, and a site build reuses nothing.
    reused = {name: build_all_run.reused_pages(name)
              for name in ("example-school-group", "example-council")}
    assert all(count is not None and count >= site_pages // 2 for count in reused.values()), (
        reused, build_all_run.output)
    assert [outcome["reused_pages"] for outcome in results] == [0, 0]


def test_reused_conversions_make_the_same_bundle_as_converting_again(build_all_run, one_worker):
    out, _ = one_worker
    reused = _zip_files(build_all_run.zip("example-school-group"))
    converted = _zip_files(out / "schools" / "schools-fileshare.zip")
    assert sorted(reused) == sorted(converted)
    assert [name for name in reused if reused[name] != converted[name]] == []


def test_worker_bundle_and_site_are_what_fresh_mkdocs_processes_make(build_all_run, tmp_path,
                                                                    fresh_council_site):
    """The council's bundle (reusing its site's conversions) and site (whose
    conversions were kept for the bundle, built in a worker that had just
    built another organisation, with its caches warm), each file byte for
    byte and each zip entry's mode, against `mkdocs build` in a fresh process."""
    fresh_zip = tmp_path / "council-fileshare.zip"
    assert build_bundle.build_bundle(COUNCIL, fresh_zip) == 0
    worker, fresh = _zip_files(build_all_run.zip("example-council")), _zip_files(fresh_zip)
    assert sorted(worker) == sorted(fresh)
    assert [name for name in worker if worker[name] != fresh[name]] == []
    worker_site = _site_files(build_all_run.site("example-council"))
    fresh_site = _site_files(fresh_council_site.root)
    assert sorted(worker_site) == sorted(fresh_site)
    assert [name for name in worker_site if worker_site[name] != fresh_site[name]] == []


def test_link_tokens_are_filled_exactly_once_each_and_escaped_as_markdown_does():
    from scripts.build_worker import _fill

    token = re.compile(r"tokx(\d+)z")
    assert _fill('<a href="tokx0z">a</a><img src="tokx1z">', token,
                 ["../a/?x=1&y=2", 'say"hi'], ) == (
        '<a href="../a/?x=1&amp;y=2">a</a><img src="say&quot;hi">')
    assert _fill('<a href="tokx0z"></a>', token, ["a", "b"]) is None  # one missing
    assert _fill('<a href="tokx0z"></a><a href="tokx0z"></a>', token, ["a"]) is None  # twice
    assert _fill('<a href="tokx0z"></a>', token, ["\x02amp\x03"]) is None  # Markdown's own


def test_conversions_are_shared_only_when_links_are_written_last():
    import markdown
    from markdown.treeprocessors import Treeprocessor
    from mkdocs.structure import pages

    from scripts.build_worker import _links_written_last

    def md_with(*extra):
        md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "tables",
                                           "toc"])
        pages._RelativePathTreeprocessor(None, None, None)._register(md)
        for name, priority in extra:
            md.treeprocessors.register(Treeprocessor(md), name, priority)
        return md

    assert _links_written_last(md_with())
    assert not _links_written_last(md_with(("reads_links", -1)))
    assert not _links_written_last(md_with(("same_priority_later", 0)))
