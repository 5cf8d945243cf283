"""Shared fixtures: the real site is built once per test run, for every worker."""

from __future__ import annotations

import json
import os

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


# One Playwright and one Chromium for the whole session: Playwright's sync API
# cannot start a second instance in the same process while one is running.
@pytest.fixture(scope="session")
def chromium():
    missing = chromium_missing(CHROMIUM, os.environ)
    if missing:
        action, why = missing
        if action == "fail":
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()
