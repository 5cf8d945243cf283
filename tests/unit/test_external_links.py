"""The link allowlist step in process: problems before any page (redirects,
the edit link), then every finished page, each off-list link once (no build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from macros.build.external_links import AllowlistError, LinkBuild

ROOT = Path(__file__).resolve().parents[2]
PAGE = '<html><body><a href="https://www.iwf.org.uk/">IWF</a>{}</body></html>'


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def test_each_off_list_link_is_one_line_once(config):
    build = LinkBuild()
    assert build.start(config) == []
    build.page(PAGE.format(""), "a.md")
    assert build.finish() == []
    off = PAGE.format('<a href="https://off-list.example.com/x">x</a>')
    build.page(off, "b.md")
    build.page(off, "b.md")
    assert build.finish() == ["docs/b.md: external link to https://off-list.example.com/x: domain "
                              "off-list.example.com is not on the allowlist in data/external-links.yml"]
    assert build.start(config) == [] and build.finish() == []


def test_an_off_list_redirect_is_found_before_any_page(config):
    redirects = config["plugins"]["redirects"].config
    maps = redirects["redirect_maps"]
    redirects["redirect_maps"] = {**maps, "old.md": "https://off-list.example.com/"}
    try:
        [problem] = LinkBuild().start(config)
    finally:
        redirects["redirect_maps"] = maps
    assert problem.startswith("mkdocs.yml: plugins: redirects: redirect_maps: old.md: ")


def test_a_bad_allowlist_is_one_line_without_the_project_path(config, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "external-links.yml").write_text("domains: []\n", encoding="utf-8")
    for name in ("organisation.yml",):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    for data in (ROOT / "data").glob("*.yml"):
        if data.name != "external-links.yml":
            (tmp_path / "data" / data.name).write_text(data.read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    path, config["config_file_path"] = config["config_file_path"], str(tmp_path / "mkdocs.yml")
    try:
        with pytest.raises(AllowlistError) as found:
            LinkBuild().start(config)
    finally:
        config["config_file_path"] = path
    assert str(found.value).startswith("data/external-links.yml: domains: ")
    assert str(tmp_path) not in str(found.value)
