"""The review step in process: every page's review checked before rendering,
its values on the page, the report filled in and written (no build)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from macros.build.review import REPORT_MARKER, ReviewBuild

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["contacts.md", "about/review-report.md"]


def _pages(docs: Path = ROOT / "docs"):
    return [(page, docs / page, page.replace(".md", "/")) for page in PAGES]


def test_each_page_gets_its_review_and_the_report_its_table(tmp_path):
    build = ReviewBuild()
    build.start()
    assert build.check_files(_pages(), ROOT, release=False) == []
    meta: dict = {}
    assert build.page("Text", "contacts.md", meta) == "Text"
    assert meta["review"]["owner"] == "Designated safeguarding lead"
    report = build.page(f"Before\n{REPORT_MARKER}\nAfter", "about/review-report.md", {})
    assert REPORT_MARKER not in report and "| [Contacts](../contacts.md) |" in report
    assert build.page("Added by a plugin", "generated.md", {}) == "Added by a plugin"
    build.finish(tmp_path, {})
    rows = json.loads((tmp_path / "review-report.json").read_text(encoding="utf-8"))["pages"]
    assert {row["page"]: row["url"] for row in rows} == {"contacts.md": "contacts/",
                                                         "about/review-report.md": "about/review-report/"}


def test_a_bad_page_is_one_line_and_a_release_refuses_overdue_pages(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("---\ntitle: X\n---\n\n# X\n", encoding="utf-8")
    build = ReviewBuild()
    build.start()
    [problem] = build.check_files([("x.md", tmp_path / "docs" / "x.md", "x/")], tmp_path, False)
    lines = problem.splitlines()
    assert "docs/x.md: front matter: missing 'owner'" in lines
    assert all(line.startswith("docs/x.md: front matter: missing ") for line in lines)
    build.start()
    build.today = dt.date(2999, 1, 1)
    problems = build.check_files(_pages(), ROOT, release=True)
    assert len(problems) == 2 and all("RELEASE=1 refuses overdue pages" in p for p in problems)
    assert build.check_files(_pages(), ROOT, release=False) == []
