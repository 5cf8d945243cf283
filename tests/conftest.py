"""Shared fixtures: the real site is built once per test session."""

from __future__ import annotations

import pytest

from tests.htmlpages import Site
from tests.sitebuild import ROOT, build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    """The real site with the default (demonstration) profile, built once."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = build(site_dir, profile=ROOT / "organisation.yml")
    assert result.ok, f"the real site failed to build:\n{result.output}"
    return Site(site_dir)
