"""Each external address is defined once, and every link on the site comes from it.

The registry of cited addresses is data/legislation.yml (legislation and
guidance) and data/sources.yml, beside the services in data/services.yml.
data/policy-law.yml holds the policies' law text and cites them by key only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.services import load_services
from macros.sources import SourcesError, load_sources
from tests.htmlpages import Site
from tests.sitebuild import ROOT

DATA_FILES = ("services.yml", "legislation.yml", "sources.yml", "policy-law.yml")
ADDRESS = re.compile(r"https?://[^\s\"'<>]+")


def addresses(text: str) -> set[str]:
    return set(ADDRESS.findall(text))


def repeated_across_files(texts: dict[str, str]) -> dict[str, list[str]]:
    """Each address found in more than one file, with the files it is in."""
    where: dict[str, list[str]] = {}
    for name, text in texts.items():
        for url in addresses(text):
            where.setdefault(url, []).append(name)
    return {url: names for url, names in where.items() if len(names) > 1}


def data_texts() -> dict[str, str]:
    return {name: (ROOT / "data" / name).read_text(encoding="utf-8") for name in DATA_FILES}


def test_no_address_is_defined_in_two_data_files():
    assert repeated_across_files(data_texts()) == {}
    # The check itself finds a repeat, however the address is written in YAML.
    assert repeated_across_files({
        "a.yml": "url: https://a.example.org/x\n",
        "b.yml": "sources:\n  - https://a.example.org/x\n",
        "c.yml": "url: 'https://b.example.org/y'\n",
    }) == {"https://a.example.org/x": ["a.yml", "b.yml"]}


def test_policy_law_file_cites_by_key_only():
    assert addresses(data_texts()["policy-law.yml"]) == set()
    assert not (ROOT / "data" / "policy_sources.yml").exists()


def external_links(page) -> list[str]:
    """http(s) links in the article, leaving out the "Edit this page" link."""
    return [href for href in page.xpath(
        "//article//a[not(ancestor::*[contains(concat(' ', @class, ' '), ' edit-link ')])]/@href")
        if href.startswith(("http://", "https://"))]


def unknown_links(site: Site, known: set[str]) -> tuple[int, list[tuple[str, str]]]:
    """How many external links the articles have, and those not in `known`."""
    seen, unknown = 0, []
    for page in site.pages():
        for href in external_links(page):
            seen += 1
            if href not in known:
                unknown.append((page.path.relative_to(site.root).as_posix(), href))
    return seen, unknown


def test_every_external_link_in_the_articles_comes_from_the_data(built_site: Site):
    known = set().union(*(addresses(text) for text in data_texts().values()))
    seen, unknown = unknown_links(built_site, known)
    assert unknown == [], "define each address in a data file and use its macro"
    assert seen > 100  # the check really reads the pages' links
    edit_links = built_site.page("").xpath("//article//p[@class='edit-link']/a/@href")
    assert edit_links and edit_links[0] not in known  # the edit link is the one exception


def test_link_check_finds_a_typed_address_and_skips_only_the_edit_link(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><body><a href='https://outside.example.org/'>nav</a><article>"
        "<p><a href='https://known.example.org/a'>known</a> "
        "<a href='https://typed.example.org/b'>typed</a> "
        "<a href='tel:02079460000'>phone</a> <a href='mailto:x@example.org'>email</a> "
        "<a href='../other/'>page</a></p>"
        "<p class='edit-link'><a href='https://edit.example.org/docs/index.md'>Edit</a></p>"
        "</article></body></html>", encoding="utf-8")
    assert unknown_links(Site(tmp_path), {"https://known.example.org/a"}) == (
        2, [("index.html", "https://typed.example.org/b")])


# ── The registry refuses an address defined twice ────────────────────────


def write_registry(root: Path, source_url: str) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "legislation.yml").write_text(
        "legislation: {}\n"
        "guidance:\n"
        "  fictional_guide:\n"
        "    title: A fictional guide\n"
        "    publisher: Example publisher\n"
        "    url: https://guide.example.org/page\n"
        "    covers: Nothing real.\n"
        "    checked_on: 2026-01-01\n", encoding="utf-8")
    (root / "data" / "sources.yml").write_text(
        "sources:\n"
        "  fictional_copy:\n"
        "    title: A copy\n"
        "    publisher: Example publisher\n"
        f"    url: {source_url}\n"
        "    covers: Nothing real.\n"
        "    checked_on: 2026-01-01\n", encoding="utf-8")
    return root


def test_sources_file_refuses_an_address_already_in_legislation_yml(tmp_path):
    services = load_services(ROOT)
    root = write_registry(tmp_path, "https://guide.example.org/page")
    with pytest.raises(SourcesError, match=r"sources\.fictional_copy\.url: already defined in "
                                           r"data/legislation\.yml \(fictional_guide\)"):
        load_sources(root, services)
    assert "fictional_copy" in load_sources(
        write_registry(tmp_path / "other", "https://copy.example.org/page"), services).sources


def test_sources_file_refuses_an_address_already_in_services_yml(tmp_path):
    services = load_services(ROOT)
    service_url = str(services.services["iwf"].sources[0])
    with pytest.raises(SourcesError, match=r"already defined in data/services\.yml \(iwf\)"):
        load_sources(write_registry(tmp_path, service_url), services)
