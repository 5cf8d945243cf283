"""Shared fixtures: the real site is built once per test session."""

from __future__ import annotations

import os

import pytest

from tests.browser_harness import CHROMIUM, CHROMIUM_ARGS, chromium_missing
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    """The real site with the default (demonstration) profile, built once."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = build(site_dir, profile=ROOT / "organisation.yml")
    assert result.ok, f"the real site failed to build:\n{result.output}"
    return Site(site_dir)


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
