"""Front-matter keywords reach the search index; bad front matter stops the build."""

from __future__ import annotations

import json

import pytest

from macros.build.search_keywords import KEYWORDS_BOOST, KeywordsError, add_keywords, parse_keywords
from tests.htmlpages import Site
from tests.sitebuild import build, make_fixture_site, page_front_matter

INDEX = {
    "config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
    "docs": [
        {"location": "contacts/", "title": "Contacts", "text": "..."},
        {"location": "contacts/#hr", "title": "HR", "text": "..."},
        {"location": "law/", "title": "The law", "text": "..."},
    ],
}


def test_parse_keywords_accepts_text_or_a_list():
    assert parse_keywords("phone number,  who to call ,", "p.md") == ["phone number", "who to call"]
    assert parse_keywords(["LADO", "HR"], "p.md") == ["LADO", "HR"]
    assert parse_keywords(None, "p.md") == []


def test_parse_keywords_rejects_anything_else_naming_the_file():
    with pytest.raises(KeywordsError, match=r"docs/p\.md: keywords: expected text"):
        parse_keywords({"a": 1}, "docs/p.md")


def test_add_keywords_adds_a_field_to_the_page_entry_only():
    out = add_keywords(INDEX, {"contacts/": ["phone number", "DSL"]})
    assert out["config"]["fields"]["keywords"] == {"boost": KEYWORDS_BOOST}
    assert out["docs"][0]["keywords"] == "phone number DSL"
    assert "keywords" not in out["docs"][1]  # a section of the page
    assert "keywords" not in out["docs"][2]  # a page without keywords
    assert "keywords" not in INDEX["docs"][0]  # the input is left as it was


def test_keywords_boost_ranks_between_text_and_title():
    assert 1 < KEYWORDS_BOOST < 1000


def test_built_index_carries_keywords_and_descriptions(built_site: Site):
    index = json.loads((built_site.root / "search" / "search_index.json").read_text("utf-8"))
    assert "keywords" in index["config"]["fields"]
    entries = {doc["location"]: doc for doc in index["docs"]}
    law = entries["law/england-and-wales/"]
    assert "section 46" in law["keywords"]
    assert "England and Wales" in law["keywords"]  # from its description
    # Keywords are searched, never shown: they are not in the page itself.
    assert "memorandum of understanding, MoU" not in built_site.page("law/england-and-wales/").html


def test_invalid_front_matter_stops_the_build(tmp_path):
    broken = page_front_matter().replace(
        "description: A fixture page used by the tests.",
        "description: Who to tell: the safeguarding lead")
    config = make_fixture_site(tmp_path / "src", {"index.md": broken + "# Test page\n"})
    result = build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")
    assert not result.ok
    assert "Traceback" not in result.output
    # The review step checks front matter before the keywords step sees the page.
    assert "index.md: front matter is not valid YAML: line 3" in result.output
