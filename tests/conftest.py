"""Shared fixtures: the real site is built once per test run, for every worker."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from tests.browser_harness import CHROMIUM, CHROMIUM_ARGS, chromium_missing
from tests.failures.families import FAMILY_ENV, make_family_site
from tests.htmlpages import Site
from tests.sitebuild import NATION_PROFILES, ROOT, BuildResult, build, build_in_parallel


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Site:
    """The real site with the default (demonstration) profile, built once.

    Under pytest-xdist the first worker to need it builds it into the run's
    shared temporary folder; the others wait on the lock and read it (the
    pattern pytest-xdist documents for a session fixture that must run once).
    """
    if worker_id == "master":
        where = tmp_path_factory.mktemp("site")
    else:
        where = tmp_path_factory.getbasetemp().parent
    site_dir, outcome = where / "real-site", where / "real-site.json"
    with FileLock(f"{outcome}.lock"):
        if not outcome.is_file():
            result = build(site_dir, profile=ROOT / "organisation.yml")
            outcome.write_text(json.dumps({"ok": result.ok, "output": result.output}), encoding="utf-8")
        built = json.loads(outcome.read_text(encoding="utf-8"))
    assert built["ok"], f"the real site failed to build:\n{built['output']}"
    return Site(site_dir)


def _shared_folder(tmp_path_factory, worker_id, name: str):
    """A folder every xdist worker of this run sees (the run's own without xdist)."""
    if worker_id == "master":
        return tmp_path_factory.getbasetemp() / name
    return tmp_path_factory.getbasetemp().parent / name


EXAMPLES = ROOT / "profiles" / "examples"
# The two fictional organisations build-all is tested with, by output name.
BUILD_ALL_PROFILES = {"example-school-group": EXAMPLES / "example-school-group.yml",
                      "example-council": EXAMPLES / "example-council.yml"}
# What the failing profile's folder held before the run ("last good" output).
PREVIOUS_SITE = b"<!doctype html><title>last good site</title>"


@dataclass
class BuildAllRun:
    """One run of scripts/build_all.py (see the build_all_run fixture)."""

    out: Path
    returncode: int
    output: str
    previous_site: bytes  # the "last good" index.html of the failing profile
    previous_zip: bytes

    def site(self, name: str) -> Path:
        return self.out / name / "site"

    def zip(self, name: str) -> Path:
        return self.out / name / f"{name}-fileshare.zip"

    def reused_pages(self, name: str) -> int | None:
        """How many pages `name`'s bundle reused from its site build, as reported."""
        found = re.search(rf"^ok +{re.escape(name)} bundle: .*, (\d+) pages reused from its site build\)$",
                          self.output, re.M)
        return int(found[1]) if found else None


@pytest.fixture(scope="session")
def build_all_run(tmp_path_factory, worker_id) -> BuildAllRun:
    """`scripts/build_all.py --jobs 1` once per test run, for every worker: the two
    fictional organisations and a third profile that is still to be filled in
    (so its builds must fail), in ONE build worker process (which keeps Python,
    MkDocs and the macros module loaded between builds), under umask 077.

    The failing profile's folder first holds a "last good" site and zip, which
    its failed builds must leave exactly as they were.
    """
    from macros.profile_cli import new_profile_text

    where = _shared_folder(tmp_path_factory, worker_id, "build-all")
    where.mkdir(parents=True, exist_ok=True)
    out, outcome = where / "build", where / "run.json"
    previous_zip = where / "previous-fileshare.zip"
    with FileLock(f"{outcome}.lock"):
        if not outcome.is_file():
            unfilled = where / "unfilled.yml"
            unfilled.write_text(new_profile_text(unfilled, ROOT / "organisation.yml"),
                                encoding="utf-8")
            (out / "unfilled" / "site").mkdir(parents=True)
            (out / "unfilled" / "site" / "index.html").write_bytes(PREVIOUS_SITE)
            with zipfile.ZipFile(previous_zip, "w") as archive:
                archive.writestr("unfilled-fileshare/index.html", PREVIOUS_SITE)
            (out / "unfilled" / "unfilled-fileshare.zip").write_bytes(previous_zip.read_bytes())
            result = subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "build_all.py"), "--out", str(out),
                 "--jobs", "1", *map(str, BUILD_ALL_PROFILES.values()), str(unfilled)],
                cwd=ROOT, capture_output=True, text=True, check=False,
                env={k: v for k, v in os.environ.items() if k != "ORG_PROFILE"},
                preexec_fn=lambda: os.umask(0o077),  # a strict umask must not reach the output
            )
            outcome.write_text(json.dumps({"returncode": result.returncode,
                                           "output": result.stdout + result.stderr}),
                               encoding="utf-8")
        run = json.loads(outcome.read_text(encoding="utf-8"))
    return BuildAllRun(out, run["returncode"], run["output"], PREVIOUS_SITE,
                       previous_zip.read_bytes())


@pytest.fixture(scope="session")
def fresh_council_site(tmp_path_factory, worker_id) -> Site:
    """The example council's site from `mkdocs build` in a new process, built
    once per run: what the build-all worker's output is held to."""
    shared = _shared_folder(tmp_path_factory, worker_id, "fresh-council")
    shared.mkdir(parents=True, exist_ok=True)
    outcome = shared / "built.json"
    with FileLock(f"{outcome}.lock"):
        if not outcome.is_file():
            result = build(shared / "site", profile=ROOT / "profiles" / "examples" / "example-council.yml",
                           fresh=True)
            outcome.write_text(json.dumps({"ok": result.ok, "output": result.output}), encoding="utf-8")
        built = json.loads(outcome.read_text(encoding="utf-8"))
    assert built["ok"], f"the council's site failed to build:\n{built['output']}"
    return Site(shared / "site")


@pytest.fixture(scope="session")
def family_build(tmp_path_factory, worker_id):
    """family_build(name): the build of one failure family (tests/failures/families.py),
    made once per run by the first worker to ask and read by the others."""
    shared = _shared_folder(tmp_path_factory, worker_id, "families")
    shared.mkdir(parents=True, exist_ok=True)

    def get(name: str) -> BuildResult:
        where, outcome = shared / name, shared / f"{name}.json"
        with FileLock(f"{outcome}.lock"):
            if not outcome.is_file():
                config = make_family_site(name, where / "src")
                result = build(where / "out", config_file=config, profile=where / "src" / "organisation.yml",
                               extra_env=FAMILY_ENV.get(name))
                outcome.write_text(json.dumps({"returncode": result.returncode, "output": result.output,
                                               "seconds": result.seconds}), encoding="utf-8")
            done = json.loads(outcome.read_text(encoding="utf-8"))
        return BuildResult(done["returncode"], done["output"], where / "out", done["seconds"])

    return get


@pytest.fixture(scope="session")
def nation_sites(tmp_path_factory, worker_id) -> dict[str, Site]:
    """The real site for each fictional nation profile (NATION_PROFILES), built
    once, two at a time, and shared by every test worker, as built_site is."""
    if worker_id == "master":
        shared = tmp_path_factory.mktemp("nations")
    else:
        shared = tmp_path_factory.getbasetemp().parent
    done = shared / "nation-sites.done"
    with FileLock(str(shared / "nation-sites.lock")):
        if not done.exists():
            results = build_in_parallel([{"site_dir": shared / f"nation-{nation}", "profile": profile}
                                         for nation, profile in NATION_PROFILES.items()])
            for nation, result in zip(NATION_PROFILES, results):
                assert result.ok, f"{nation} build failed:\n{result.output}"
            done.write_text("ok", encoding="utf-8")
    return {nation: Site(shared / f"nation-{nation}") for nation in NATION_PROFILES}


# One Playwright for the whole session: its sync API cannot start a second
# instance in the same process while one is running.
@pytest.fixture(scope="session")
def playwright_driver():
    missing = chromium_missing(CHROMIUM, os.environ)
    if missing:
        action, why = missing
        if action == "fail":
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    """The session's Chromium."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def chromium_with_back_cache(playwright_driver):
    """Chromium with its back/forward cache on, as in staff's browsers: Back
    returns to the page as it was left, its focus included. Playwright turns
    the cache off by default, and with it on every page load costs Chromium
    more work, so only the tests that go Back use this one."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        ignore_default_args=["--disable-back-forward-cache"])
    yield browser
    browser.close()
