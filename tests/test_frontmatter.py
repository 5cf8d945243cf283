"""The page front-matter model: one reading per page, and its schema for editors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from macros import frontmatter
from macros.frontmatter import FrontMatterError, page_json_schema, page_meta
from tests.sitebuild import ROOT, page_front_matter

TODAY = dt.date(2026, 11, 28)


def test_page_schema_is_current():
    committed = json.loads((ROOT / "schema" / "page.schema.json").read_text(encoding="utf-8"))
    assert committed == page_json_schema(), "run `make schema` and commit the result"


def test_schema_requires_the_keys_the_build_requires():
    schema = page_json_schema()
    assert schema["required"] == list(frontmatter.REQUIRED_KEYS)
    assert set(schema["properties"]) == set(frontmatter.KNOWN_KEYS)


def test_a_page_is_read_once_until_it_changes(tmp_path, monkeypatch):
    page = tmp_path / "a.md"
    page.write_text(page_front_matter("First") + "# First\n", encoding="utf-8")
    meta = page_meta(page, "a.md", TODAY)
    assert meta.title == "First" and meta.last_reviewed == dt.date(2026, 11, 1)

    def no_reading(path):
        raise AssertionError("read again")

    monkeypatch.setattr(frontmatter, "read_front_matter", no_reading)
    assert page_meta(page, "a.md", TODAY) is meta
    monkeypatch.undo()
    page.write_text(page_front_matter("Second title") + "# Second\n", encoding="utf-8")
    assert page_meta(page, "a.md", TODAY).title == "Second title"


def test_a_problem_names_the_page_not_the_file_path(tmp_path):
    page = tmp_path / "b.md"
    page.write_text(page_front_matter().replace("owner: Designated safeguarding lead\n", ""),
                    encoding="utf-8")
    with pytest.raises(FrontMatterError, match=r"^docs/law/b\.md: front matter: missing 'owner'$"):
        page_meta(page, "law/b.md", TODAY)
