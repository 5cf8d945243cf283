"""Review metadata: front matter gate, review line, overdue banner, report, release."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from macros.build.review import ReviewError, add_months, check_meta, due_within, report_markdown
from macros.frontmatter import AUDIENCES, PAGE_TYPES
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

TODAY = dt.date(2026, 11, 28)
GOOD = {
    "title": "T", "description": "D", "owner": "Designated safeguarding lead",
    "last_reviewed": dt.date(2026, 11, 1), "review_interval_months": 6,
    "audience": "all staff", "page_type": "guidance",
}


def fixture_build(tmp_path: Path, pages: dict[str, str]):
    config = make_fixture_site(tmp_path / "src", pages)
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def assert_clean_failure(result, *expected: str) -> None:
    assert not result.ok, "the build should have failed"
    assert "Traceback" not in result.output, result.output
    for text in expected:
        assert text in result.output, f"{text!r} not in:\n{result.output}"


# ── Plain functions ───────────────────────────────────────────────────────

def test_due_date_adds_calendar_months():
    assert add_months(dt.date(2026, 11, 28), 6) == dt.date(2027, 5, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_good_front_matter_gives_the_due_date():
    review = check_meta(GOOD, "a.md", TODAY)
    assert review.due == dt.date(2027, 5, 1) and not review.overdue(TODAY)
    assert review.overdue(dt.date(2027, 5, 2)) and not review.overdue(dt.date(2027, 5, 1))


@pytest.mark.parametrize("changes, message", [
    ({"owner": None}, "docs/a.md: front matter: missing 'owner'"),
    ({"owner": "  "}, "missing 'owner'"),
    ({"last_reviewed": None}, "missing 'last_reviewed'"),
    ({"review_interval_months": None}, "missing 'review_interval_months'"),
    ({"audience": None}, "missing 'audience'"),
    ({"page_type": None}, "missing 'page_type'"),
    ({"last_reviewed": "2026-13-01"}, "'last_reviewed' is not a date"),
    ({"last_reviewed": "28/11/2026"}, "'last_reviewed' is not a date"),
    ({"last_reviewed": dt.date(2027, 1, 1)}, "'last_reviewed' is in the future"),
    ({"audience": "everyone"}, "'audience' must be one of"),
    ({"page_type": "news"}, "'page_type' must be one of"),
    ({"review_interval_months": 0}, "'review_interval_months' must be a whole number from 1 to 24"),
    ({"review_interval_months": "six"}, "'review_interval_months'"),
    ({"review_interval_months": 36}, "from 1 to 24"),
    ({"page_type": "law", "review_interval_months": 12}, "from 1 to 6 for law pages"),
])
def test_bad_front_matter_names_page_and_key(changes, message):
    meta = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    with pytest.raises(ReviewError) as error:
        check_meta(meta, "a.md", TODAY)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_no_front_matter_is_an_error():
    with pytest.raises(ReviewError, match="docs/a.md: no front matter"):
        check_meta(None, "a.md", TODAY)


def test_allowed_values_match_the_brief():
    assert AUDIENCES == ("all staff", "managers", "IT", "HR and safeguarding", "editors")
    assert PAGE_TYPES == ("incident", "guidance", "law", "policy", "reference")


def test_due_within_lists_overdue_and_soon_first():
    soon = check_meta({**GOOD, "last_reviewed": dt.date(2026, 6, 10)}, "soon.md", TODAY)
    late = check_meta({**GOOD, "last_reviewed": dt.date(2026, 1, 1)}, "late.md", TODAY)
    later = check_meta(GOOD, "later.md", TODAY)
    assert [r.page for r in due_within([later, soon, late], 30, TODAY)] == ["late.md", "soon.md"]


# ── Build gate (fixture sites) ────────────────────────────────────────────

def test_pages_with_missing_or_bad_front_matter_fail_the_build(family_build):
    """One build, broken pages (bare, colon and law here): each is named on its own line."""
    result = family_build("front-matter")
    assert_clean_failure(
        result,
        "docs/bare.md: no front matter",
        "docs/colon.md: front matter is not valid YAML: line 3",
        "docs/law.md: front matter: 'review_interval_months' must be a whole number from 1 "
        "to 6 for law pages; got 12",
    )
    assert "docs/index.md" not in result.output


OVERDUE_PAGE = (page_front_matter("Old page").replace("last_reviewed: 2026-11-01",
                                                      "last_reviewed: 2020-01-15")
                + "# Old page\n\nThis page is old.\n")


@pytest.fixture(scope="module")
def overdue_site(family_build) -> Site:
    """The good family's site (tests/failures/families.py) has OVERDUE_PAGE as old.md."""
    result = family_build("good")
    assert result.ok, result.output
    return Site(result.site_dir)


def test_overdue_page_shows_the_banner(overdue_site: Site):
    banner = overdue_site.page("old/").xpath("//article//*[@data-review-banner]")
    assert len(banner) == 1
    assert banner[0].get("hidden") is None, "the banner should be visible"
    assert "may be out of date" in banner[0].text_content()
    assert banner[0].get("data-review-due") == "2021-01-15"


def test_page_in_date_has_the_banner_hidden(overdue_site: Site):
    banner = overdue_site.page("").xpath("//article//*[@data-review-banner]")
    assert len(banner) == 1 and banner[0].get("hidden") is not None


def test_release_build_fails_on_an_overdue_page(tmp_path, monkeypatch):
    monkeypatch.setenv("RELEASE", "1")
    result = fixture_build(tmp_path, {"index.md": page_front_matter() + "# Start\n",
                                      "old.md": OVERDUE_PAGE})
    assert_clean_failure(result, "docs/old.md: overdue for review since 2021-01-15")
    assert "docs/index.md" not in result.output


def test_release_build_passes_on_the_real_site_today(built_site: Site):
    """The real site has no overdue page (else `make release` would fail)."""
    report = json.loads((built_site.root / "review-report.json").read_text(encoding="utf-8"))
    assert [p["page"] for p in report["pages"] if p["overdue"]] == []


# ── The real site ─────────────────────────────────────────────────────────

def docs_pages() -> list[str]:
    """Every page: the Markdown files, plus the triage pages made from data/triage.yml."""
    from macros.site import load_site

    generated = load_site(ROOT).triage_pages
    files = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    return sorted(files | set(generated))


def test_every_page_shows_last_reviewed_due_and_owner(built_site: Site):
    report = json.loads((built_site.root / "review-report.json").read_text(encoding="utf-8"))
    pages = {p["page"]: p for p in report["pages"]}
    assert sorted(pages) == docs_pages()
    for entry in pages.values():
        page = built_site.page(entry["url"])
        info = page.xpath("//article//*[@data-review-info]")
        assert len(info) == 1, entry["page"]
        text = " ".join(info[0].text_content().split())
        assert text.startswith("Last reviewed "), text
        assert f"Owner: {entry['owner']}" in text
        assert info[0].xpath(f'.//time[@datetime="{entry["due"]}"]'), entry["page"]
        banner = page.xpath("//*[@data-review-banner]")
        assert len(banner) == 1 and banner[0].get("data-review-due") == entry["due"]
    assert built_site.root.joinpath("assets/javascripts/review-due.js").is_file()


def test_review_report_page_lists_every_page_and_is_in_the_nav(built_site: Site):
    report = built_site.page("about/review-report/")
    rows = report.xpath("//article//table[.//th='Page']//tr[td]")
    assert len(rows) == len(docs_pages())
    assert "Next review due" in report.text
    nav = built_site.page("").xpath(
        '//nav[contains(@class, "md-nav--primary")]//a[contains(@href, "about/review-report/")]')
    assert nav, "the review report is not in the navigation"
    assert "About this site" in built_site.page("").xpath(
        'string(//nav[contains(@class, "md-nav--primary")])')


def test_due_command_lists_pages_due_soon(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "old.md").write_text(OVERDUE_PAGE, encoding="utf-8")
    (docs / "new.md").write_text(page_front_matter("New") + "# New\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "scripts" / "review_due.py"), "--days", "30",
               "--docs", str(docs)]
    env = {"REVIEW_TODAY": "2026-11-28", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "OVERDUE" in result.stdout and "docs/old.md" in result.stdout
    assert "docs/new.md" not in result.stdout
    (docs / "bare.md").write_text("# Bare\n", encoding="utf-8")
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1 and "docs/bare.md: no front matter" in result.stderr


def test_report_shows_front_matter_values_as_text():
    hostile = {**GOOD, "title": "<script>x</script> [link](http://example.org) {{ 7*7 }}",
               "owner": "*Lead* | <b>HR</b>"}
    table = report_markdown([check_meta(hostile, "about/x.md", TODAY)], TODAY, "about/review-report.md")
    row = table.splitlines()[-1]
    assert "<script>" not in row and "<b>" not in row and "{{" not in row
    assert "[link]" not in row and "*Lead*" not in row and "&#91;link&#93;" in row
    assert row.count(" | ") == 5 and "](../about/x.md)" in row
