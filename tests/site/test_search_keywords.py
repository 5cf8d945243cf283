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


def test_invalid_front_matter_stops_the_build(family_build):
    result = family_build("front-matter")  # keywords.md (tests/failures/families.py)
    assert not result.ok
    assert "Traceback" not in result.output
    # The review step checks front matter before the keywords step sees the page.
    assert "docs/keywords.md: front matter is not valid YAML: line 3" in result.output


# ── The search vocabulary (data/search-vocabulary.yml) ─────────────────────

from macros.content_rules import load_rules  # noqa: E402
from macros.search_vocabulary import (  # noqa: E402
    VOCABULARY_FILE,
    Vocabulary,
    VocabularyError,
    a_to_z_markdown,
    check_pages,
    check_rejected_terms,
    load_vocabulary,
)
from tests.sitebuild import ROOT  # noqa: E402

RULES = load_rules(ROOT)
VOCABULARY = load_vocabulary(ROOT, RULES)


def _vocabulary(**topic) -> Vocabulary:
    return Vocabulary.model_validate({"topics": {"t": {"topic": "A topic", "pages": ["a.md"],
                                                       **topic}}})


def test_a_rejected_term_shown_anywhere_but_rejected_stops_with_its_key():
    bad = _vocabulary(synonyms=["help", "child pornography"])
    with pytest.raises(VocabularyError, match=r"topics\.t\.synonyms: 'child pornography' is a "
                                              r"rejected term \(child-pornography\)"):
        check_rejected_terms(bad, RULES)
    check_rejected_terms(_vocabulary(rejected=["child pornography"]), RULES)


def test_a_topic_naming_a_missing_page_stops_with_its_key():
    with pytest.raises(VocabularyError, match=r"topics\.t\.pages: 'a\.md' is not a page"):
        check_pages(_vocabulary(), {"b.md"})


def test_page_paths_must_stay_under_docs():
    with pytest.raises(ValueError, match="not a page path"):
        _vocabulary(pages=["../secret.md"])


def test_rejected_terms_are_only_for_the_terminology_page():
    for topic in VOCABULARY.topics.values():
        if topic.rejected:
            assert topic.pages == ["terminology.md"], topic.topic


def test_the_a_to_z_lists_every_topic_and_page_without_rejected_terms_or_misspellings():
    markdown = a_to_z_markdown(VOCABULARY, {"contacts.md": "Contacts", "a-z.md": "A–Z"})
    for topic in VOCABULARY.topics.values():
        assert f"]({topic.pages[0]})" in markdown
        for word in topic.rejected:
            assert word.lower() not in markdown.lower() or len(word) <= 3, word
    assert "sextng" not in markdown  # a hidden misspelling
    assert "[Contacts](contacts.md)" in markdown and "(a-z.md)" not in markdown


def test_the_vocabulary_file_is_where_it_says():
    assert (ROOT / VOCABULARY_FILE).is_file()


def test_built_index_snippets_are_descriptions_and_admin_pages_leave_search(built_site: Site):
    index = json.loads((built_site.root / "search" / "search_index.json").read_text("utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    seen = entries["what-to-do/seen-online/"]
    assert seen["text"] == ("What to do if you see child sexual abuse images on a website, app "
                            "or online service.")
    assert "lead" in seen  # the text it replaced is still searched
    # The safety furniture every incident page repeats is left out of the index.
    assert not any("immediate danger" in doc["text"] for loc, doc in entries.items()
                   if loc.startswith("what-to-do/seen-online/"))
    assert "Internet Watch Foundation" in seen["keywords"]  # from the vocabulary
    assert not any(loc.startswith(("about/review-report/", "a-z/")) for loc in entries)
    # Rejected terms reach the index only on the terminology page's own entry.
    rejected = [w for t in VOCABULARY.topics.values() for w in t.rejected]
    for location, doc in entries.items():
        if location != "terminology/":
            assert not any(f" {w.lower()} " in f" {doc.get('keywords', '').lower()} "
                           for w in rejected if len(w) > 3), location
    assert "child pornography" in entries["terminology/"]["keywords"]


def test_a_to_z_page_links_every_page_and_is_linked_from_every_header(built_site: Site):
    a_to_z = built_site.page("a-z/")
    links = {href.split("#")[0] for href in a_to_z.xpath("//article//a/@href")}
    for page in built_site.pages():
        relative = page.path.relative_to(built_site.root).as_posix()
        if relative in ("a-z/index.html", "404.html"):
            continue
        url = relative.removesuffix("index.html")
        assert f"../{url}" in links, f"the A–Z does not link {url or 'the start page'}"
        header = page.xpath('//header//a[contains(@class, "md-header__a-to-z")]/@href')
        assert len(header) == 1 and header[0].rstrip("/").endswith("a-z"), relative
