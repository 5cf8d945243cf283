"""The two-engine comparison (scripts/compare_engines.py, make engines) finds every difference."""

from __future__ import annotations

from pathlib import Path

from scripts.compare_engines import differences


def site(where: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, encoding="utf-8")
    return where


def test_identical_sites_have_no_difference(tmp_path):
    files = {"index.html": "<p>a</p>", "search/search_index.json": "{}", "p/a.docx": "x"}
    assert differences(site(tmp_path / "mkdocs", files), site(tmp_path / "properdocs", files)) == []


def test_a_changed_missing_or_extra_file_is_named(tmp_path):
    first = site(tmp_path / "mkdocs", {"index.html": "<p>a</p>", "a/index.html": "x", "sitemap.xml": "s",
                                       "p/a.docx": "made at 10:00"})
    second = site(tmp_path / "properdocs", {"index.html": "<p>b</p>", "b/index.html": "x", "sitemap.xml": "s",
                                            "p/a.docx": "made at 10:01"})
    assert differences(first, second) == [
        "index.html: differs",
        "a/index.html: only in the mkdocs build",
        "b/index.html: only in the properdocs build",
    ]
