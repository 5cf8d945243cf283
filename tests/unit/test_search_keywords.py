"""The search keywords step in process: each page's words, then the index
rewritten with them (no build)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.build.search_keywords import INDEX, KeywordsError, SearchBuild

ROOT = Path(__file__).resolve().parents[2]


def test_keywords_and_descriptions_reach_the_index(tmp_path):
    build = SearchBuild()
    build.start(ROOT)
    build.note_page({"keywords": "one, two", "description": "What it says."}, "x.md", "x/")
    build.note_page({}, "y.md", "y/")
    index = tmp_path / INDEX
    index.parent.mkdir(parents=True)
    index.write_text(json.dumps({"config": {"fields": {"title": {"boost": 1000}}},
                                 "docs": [{"location": "x/", "title": "X", "text": "Lead."},
                                          {"location": "y/", "title": "Y", "text": "Y text."}]}))
    build.finish(tmp_path)
    written = json.loads(index.read_text())
    x, y = written["docs"]
    assert x["keywords"] == "What it says. one two" and x["text"] == "What it says."
    assert x["lead"] == "Lead." and "keywords" not in y and y["text"] == "Y text."
    assert "keywords" in written["config"]["fields"]


def test_keywords_that_are_not_text_are_one_line():
    build = SearchBuild()
    build.start(ROOT)
    with pytest.raises(KeywordsError, match=r"^docs/x.md: keywords: expected text"):
        build.note_page({"keywords": {"a": 1}}, "x.md", "x/")
