"""Review metadata: every page says who owns it and when it is next due.

- Every page's front matter is checked before anything is rendered
  (macros/frontmatter.py). Each problem is one line naming the page and the
  key; the build stops.
- Each page gets `review` values for the template (overrides/main.html):
  last reviewed, next due, owner, overdue (`page_review()`).
- The build writes `review-report.json` into the site, and fills the page
  docs/about/review-report.md at its `<!-- review-report -->` marker.
- With RELEASE=1 the build fails on any overdue page (`release_problems()`).
- REVIEW_TODAY=YYYY-MM-DD replaces today's date (macros/settings.py).
- Redirect pages written by mkdocs-redirects get the site's noindex tag.

Plain functions: hooks/review.py wires them to MkDocs; scripts/review_due.py
and the tests call them directly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..dates import add_months, long_date
from ..frontmatter import FrontMatterError, PageMeta, page_meta
from ..frontmatter import check_meta as check_front_matter
from ..settings import SettingsError
from ..settings import current as current_settings
from .front_matter_rules import load_rendering_rules

# A front-matter problem is a review problem: the same one-line error.
ReviewError = FrontMatterError
REPORT_MARKER = "<!-- review-report -->"
REPORT_JSON = "review-report.json"


@dataclass(frozen=True)
class Review:
    page: str  # path under docs/, e.g. "law/scotland.md"
    title: str
    owner: str
    audience: str
    page_type: str
    last_reviewed: dt.date
    interval_months: int
    due: dt.date

    @classmethod
    def of(cls, meta: PageMeta, page: str) -> Review:
        return cls(page=page, title=meta.title, owner=meta.owner, audience=meta.audience,
                   page_type=meta.page_type, last_reviewed=meta.last_reviewed,
                   interval_months=meta.review_interval_months,
                   due=add_months(meta.last_reviewed, meta.review_interval_months))

    def overdue(self, today: dt.date) -> bool:
        return today > self.due

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days

    def as_json(self, today: dt.date, url: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["last_reviewed"] = self.last_reviewed.isoformat()
        data["due"] = self.due.isoformat()
        data["overdue"] = self.overdue(today)
        data["url"] = url
        return data


def today() -> dt.date:
    """Today, or REVIEW_TODAY (YYYY-MM-DD) when set."""
    try:
        return current_settings().today()
    except SettingsError as exc:
        raise ReviewError(str(exc)) from None


def check_meta(meta: dict[str, Any] | None, page: str, on: dt.date) -> Review:
    """Validate one page's front matter; raise ReviewError naming page and key."""
    return Review.of(check_front_matter(meta, page, on), page)


def check_pages(pages: Iterable[tuple[str, Path]], on: dt.date,
                rendering: dict[str, set[str]] | None = None,
                ) -> tuple[dict[str, Review], list[str]]:
    """(page, source file) pairs: ({page: review}, one-line problems).
    `rendering`: data/page-rendering.yml (no page may use a rendering key without it)."""
    reviews, problems = {}, []
    for page, path in pages:
        try:
            reviews[page] = Review.of(page_meta(path, page, on, rendering), page)
        except FrontMatterError as exc:
            problems.append(str(exc))
    return reviews, problems


def check_docs(docs_dir: Path, on: dt.date) -> tuple[list[Review], list[str]]:
    """Every page under docs_dir: (reviews, one-line problems)."""
    pages = [(path.relative_to(docs_dir).as_posix(), path) for path in sorted(docs_dir.rglob("*.md"))]
    reviews, problems = check_pages(pages, on, load_rendering_rules(Path(docs_dir).parent))
    return list(reviews.values()), problems


def release_problems(reviews: Iterable[Review], on: dt.date) -> list[str]:
    """RELEASE=1: one line for each page overdue for review."""
    return [f"docs/{r.page}: overdue for review since {r.due} (owner: {r.owner}); "
            "RELEASE=1 refuses overdue pages"
            for r in sorted((r for r in reviews if r.overdue(on)), key=lambda r: r.page)]


def due_within(reviews: list[Review], days: int, on: dt.date) -> list[Review]:
    """Pages overdue or due within `days` days, soonest first."""
    return sorted((r for r in reviews if r.days_left(on) <= days), key=lambda r: (r.due, r.page))


def page_review(review: Review, on: dt.date) -> dict[str, Any]:
    """What the review line and the overdue banner (overrides/main.html) show."""
    return {
        "last_reviewed": review.last_reviewed.isoformat(),
        "last_reviewed_text": long_date(review.last_reviewed),
        "due": review.due.isoformat(),
        "due_text": long_date(review.due),
        "owner": review.owner,
        "overdue": review.overdue(on),
    }


# Characters that Markdown, HTML or Jinja would read as markup, as entities.
_MARKUP = {c: f"&#{ord(c)};" for c in "|{}[]*_`\\<>"}


def _cell(text: str) -> str:
    """Page values are text: no Markdown, HTML or Jinja reaches the report."""
    return "".join(_MARKUP.get(c, c) for c in text.replace("&", "&amp;"))


def report_markdown(reviews: list[Review], on: dt.date, report_page: str) -> str:
    """The readable review report: a table of every page, soonest due first."""
    overdue = [r for r in reviews if r.overdue(on)]
    up = "../" * report_page.count("/")
    lines = [
        f"Built on {long_date(on)}. {len(reviews)} pages; "
        f"{len(overdue)} overdue for review.",
        "",
        "| Page | Owner | Audience | Last reviewed | Next review due | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in sorted(reviews, key=lambda r: (r.due, r.page)):
        days = r.days_left(on)
        status = "Overdue" if r.overdue(on) else ("Due within 30 days" if days <= 30 else "In date")
        lines.append(
            f"| [{_cell(r.title)}]({up}{r.page}) | {_cell(r.owner)} | {_cell(r.audience)} | "
            f"{long_date(r.last_reviewed)} | {long_date(r.due)} | {status} |"
        )
    return "\n".join(lines) + "\n"


def fill_report(markdown: str, reviews: list[Review], on: dt.date, page: str) -> str:
    """The review report page: its marker replaced by the table."""
    if REPORT_MARKER not in markdown:
        return markdown
    return markdown.replace(REPORT_MARKER, report_markdown(reviews, on, page), 1)


def write_report(site: Path, reviews: Iterable[Review], urls: dict[str, str], on: dt.date) -> Path:
    """review-report.json: every page's review, soonest due first."""
    rows = [r.as_json(on, urls.get(r.page)) for r in sorted(reviews, key=lambda r: (r.due, r.page))]
    path = site / REPORT_JSON
    path.write_text(json.dumps({"built_on": on.isoformat(), "pages": rows}, indent=2) + "\n",
                    encoding="utf-8")
    return path


def add_noindex_to_redirects(site: Path, redirect_maps: dict[str, Any]) -> None:
    """mkdocs-redirects writes bare pages; give them the site's noindex tag."""
    for old in redirect_maps:
        stem = old[:-3] if old.endswith(".md") else old
        candidates = [site / stem / "index.html", site / f"{stem}.html"]
        if stem.endswith("index"):
            candidates.append(site / f"{stem}.html")
        for path in candidates:
            if path.is_file():
                html = path.read_text(encoding="utf-8")
                if 'name="robots"' not in html:
                    html = html.replace(
                        "<head>", '<head>\n    <meta name="robots" content="noindex, nofollow">', 1)
                    path.write_text(html, encoding="utf-8")


class ReviewBuild:
    """One build's reviews: every page checked before any is rendered, each
    page's review values, then the report and the redirects' noindex."""

    def __init__(self) -> None:
        self.today: dt.date | None = None
        self.reviews: dict[str, Review] = {}
        self.urls: dict[str, str] = {}

    def start(self) -> None:
        """A new build (ReviewError for a bad REVIEW_TODAY)."""
        self.today, self.reviews, self.urls = today(), {}, {}

    def check_files(self, pages: Iterable[tuple[str, Path, str]], project_dir: Path,
                    release: bool) -> list[str]:
        """(page, source file, URL) of every page: one line per problem; with
        `release`, overdue pages are problems too."""
        pages = list(pages)
        rendering = load_rendering_rules(project_dir)
        self.reviews, problems = check_pages([(page, path) for page, path, _ in pages],
                                             self.today, rendering)
        self.urls = {page: url for page, _, url in pages}
        if not problems and release:
            problems = release_problems(self.reviews.values(), self.today)
        return problems

    def page(self, markdown: str, page: str, meta: dict[str, Any]) -> str:
        """A page's Markdown (the report filled in); its review values go into `meta`."""
        found = self.reviews.get(page)
        if found is None:  # a page added by a plugin, not an editor
            return markdown
        meta["review"] = page_review(found, self.today)
        return fill_report(markdown, list(self.reviews.values()), self.today, page)

    def finish(self, site: Path, redirect_maps: dict[str, Any]) -> None:
        write_report(site, self.reviews.values(), self.urls, self.today)
        add_noindex_to_redirects(site, redirect_maps)
