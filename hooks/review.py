"""Review metadata: every page says who owns it and when it is next due.

An MkDocs hook (registered under `hooks:` in mkdocs.yml). The functions at
the top are plain Python so tests and scripts/review_due.py can call them;
the MkDocs events at the bottom only wire them in.

- Every page's front matter is checked before anything is rendered. Each
  problem is one line naming the page and the key; the build stops.
- Each page gets `review` values in `page.meta` for the template
  (overrides/main.html): last reviewed, next due, owner, overdue.
- The build writes `review-report.json` into the site, and fills the page
  docs/about/review-report.md (at its `<!-- review-report -->` marker).
- With RELEASE=1 in the environment the build fails on any overdue page.
- REVIEW_TODAY=YYYY-MM-DD replaces today's date (tests, "what if" checks).
- Redirect pages written by mkdocs-redirects get the site's noindex tag.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    from macros.datafiles import refuse_repeated_keys
except ImportError:  # MkDocs loads hooks by path, before the macros plugin adds the project
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from macros.datafiles import refuse_repeated_keys

AUDIENCES = ("all staff", "managers", "IT", "HR and safeguarding", "editors")
PAGE_TYPES = ("incident", "guidance", "law", "policy", "reference")
REQUIRED_KEYS = ("title", "description", "owner", "last_reviewed",
                 "review_interval_months", "audience", "page_type")
MAX_INTERVAL_MONTHS = 24
# Legal pages review more often: the law and its guidance change.
MAX_INTERVAL_BY_TYPE = {"law": 6}
# Other keys pages use. An unknown key close to a known one is a misspelling
# (`ownr`, `keyword`) and stops the build; other keys are left alone.
OPTIONAL_KEYS = ("keywords", "search", "policy_version", "effective_date",
                 "allow_rejected_terms", "hide", "template", "render_macros", "edit_source")
# Material puts the title and description into the page's HTML as they are.
MARKUP_IN_TEXT = re.compile(r'[<>"]|\{[{%#]')
REPORT_MARKER = "<!-- review-report -->"
REPORT_JSON = "review-report.json"


class ReviewError(ValueError):
    """A page's front matter is missing or wrong (one line: page and key)."""


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


# ── Plain functions ───────────────────────────────────────────────────────

def today() -> dt.date:
    """Today, or REVIEW_TODAY (YYYY-MM-DD) when set."""
    value = os.environ.get("REVIEW_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"REVIEW_TODAY: not a date in the form YYYY-MM-DD: {value!r}") from None


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_meta(meta: dict[str, Any] | None, page: str, on: dt.date) -> Review:
    """Validate one page's front matter; raise ReviewError naming page and key."""
    where = f"docs/{page}"
    if not meta:
        raise ReviewError(f"{where}: no front matter (it needs {', '.join(REQUIRED_KEYS)})")
    # A misspelt key first: `ownr` is also why 'owner' is missing, so an
    # editor sees both lines, the cause and its effect.
    problems = []
    for key in meta:
        if isinstance(key, str) and key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            close = difflib.get_close_matches(key, REQUIRED_KEYS + OPTIONAL_KEYS, n=1, cutoff=0.8)
            if close:
                problems.append(f"{where}: front matter: unknown key '{key}', "
                                f"did you mean '{close[0]}'?")
    for key in REQUIRED_KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{where}: front matter: missing '{key}'")
    if problems:
        raise ReviewError("\n".join(problems))
    for key in ("title", "description", "owner"):
        if not isinstance(meta[key], str):
            raise ReviewError(f"{where}: front matter: '{key}' must be text, got {meta[key]!r}")
    if not isinstance(meta.get("allow_rejected_terms", False), bool):
        raise ReviewError(f"{where}: front matter: 'allow_rejected_terms' must be true or false, "
                          f"got {meta['allow_rejected_terms']!r}")

    last = parse_date(meta["last_reviewed"])
    if last is None:
        raise ReviewError(f"{where}: front matter: 'last_reviewed' is not a date in the form "
                          f"YYYY-MM-DD: {meta['last_reviewed']!r}")
    if last > on:
        raise ReviewError(f"{where}: front matter: 'last_reviewed' is in the future: {last}")

    audience = meta["audience"]
    if audience not in AUDIENCES:
        raise ReviewError(f"{where}: front matter: 'audience' must be one of "
                          f"{', '.join(AUDIENCES)}; got {audience!r}")
    page_type = meta["page_type"]
    if page_type not in PAGE_TYPES:
        raise ReviewError(f"{where}: front matter: 'page_type' must be one of "
                          f"{', '.join(PAGE_TYPES)}; got {page_type!r}")

    interval = meta["review_interval_months"]
    limit = MAX_INTERVAL_BY_TYPE.get(page_type, MAX_INTERVAL_MONTHS)
    if isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= limit:
        kind = f"{page_type} pages" if page_type in MAX_INTERVAL_BY_TYPE else "pages"
        raise ReviewError(f"{where}: front matter: 'review_interval_months' must be a whole "
                          f"number from 1 to {limit} for {kind}; got {interval!r}")

    return Review(page=page, title=meta["title"].strip(), owner=meta["owner"].strip(),
                  audience=audience, page_type=page_type, last_reviewed=last,
                  interval_months=interval, due=add_months(last, interval))


def check_plain_text(meta: dict[str, Any], page: str) -> None:
    """The title and description are text: Material writes them into the HTML
    (the <title>, the header, the description attribute) as they are."""
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str) and MARKUP_IN_TEXT.search(value):
            raise ReviewError(f"docs/{page}: front matter: '{key}' must be plain text, without "
                              f"< > \" {{{{ or {{%: {value!r} (use ‘ ’ or “ ” for quotes)")


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def read_front_matter(path: Path) -> dict[str, Any] | None:
    """Front matter of a Markdown file (None if absent).

    MkDocs silently ignores front matter that is not valid YAML (a colon in
    an unquoted description is enough); here it is an error.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise ReviewError(f"{path}: line {line}: not UTF-8 text (byte {exc.object[exc.start]:#x}); "
                          "save the file as UTF-8") from None
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    try:
        data = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader
    except ValueError as exc:  # a date that does not exist, such as 2026-11-31
        raise ReviewError(f"{path}: front matter: {_bad_date_key(match.group(1))}"
                          f"a date that does not exist ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        hint = "" if "appears twice" in problem else (
            " (put quotes around a value that contains a colon)")
        raise ReviewError(f"{path}: front matter is not valid YAML: {line}{problem}{hint}") from None
    if not isinstance(data, dict):
        raise ReviewError(f"{path}: front matter must be 'key: value' lines")
    return data


@refuse_repeated_keys
class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that refuses a key given twice (YAML keeps the last silently)."""


def _bad_date_key(text: str) -> str:
    """"'key' is " for the first key whose value looks like a date but is not one."""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        value = value.strip().strip("'\"")
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return f"'{key.strip()}' is "
    return ""


def check_docs(docs_dir: Path, on: dt.date) -> tuple[list[Review], list[str]]:
    """Every page under docs_dir: (reviews, one-line problems)."""
    reviews, problems = [], []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        try:
            meta = read_front_matter(path)
            reviews.append(check_meta(meta, page, on))
            check_plain_text(meta, page)
        except ReviewError as exc:
            problems.append(str(exc).replace(str(path), f"docs/{page}"))
    return reviews, problems


def due_within(reviews: list[Review], days: int, on: dt.date) -> list[Review]:
    """Pages overdue or due within `days` days, soonest first."""
    return sorted((r for r in reviews if r.days_left(on) <= days), key=lambda r: (r.due, r.page))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


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


# ── MkDocs events ─────────────────────────────────────────────────────────

_state: dict[str, Any] = {}


def on_config(config, **kwargs):
    from mkdocs.exceptions import PluginError

    try:
        _state["today"] = today()
    except ReviewError as exc:
        raise PluginError(str(exc)) from None
    _state["reviews"] = {}
    _state["urls"] = {}
    return config


def on_files(files, config, **kwargs):
    from mkdocs.exceptions import PluginError

    on = _state["today"]
    problems = []
    for file in files.documentation_pages():
        try:
            meta = read_front_matter(Path(file.abs_src_path))
            _state["reviews"][file.src_uri] = check_meta(meta, file.src_uri, on)
            check_plain_text(meta, file.src_uri)
        except ReviewError as exc:
            problems.append(str(exc).replace(str(file.abs_src_path), f"docs/{file.src_uri}"))
        _state["urls"][file.src_uri] = file.url
    if problems:
        raise PluginError("\n".join(problems))
    if os.environ.get("RELEASE") == "1":
        late = [r for r in _state["reviews"].values() if r.overdue(on)]
        if late:
            raise PluginError("\n".join(
                f"docs/{r.page}: overdue for review since {r.due} (owner: {r.owner}); "
                "RELEASE=1 refuses overdue pages" for r in sorted(late, key=lambda r: r.page)))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    review = _state["reviews"].get(page.file.src_uri)
    if review is None:  # a page added by a plugin, not an editor
        return markdown
    on = _state["today"]
    page.meta["review"] = {
        "last_reviewed": review.last_reviewed.isoformat(),
        "last_reviewed_text": long_date(review.last_reviewed),
        "due": review.due.isoformat(),
        "due_text": long_date(review.due),
        "owner": review.owner,
        "overdue": review.overdue(on),
    }
    if REPORT_MARKER in markdown:
        table = report_markdown(list(_state["reviews"].values()), on, page.file.src_uri)
        markdown = markdown.replace(REPORT_MARKER, table, 1)
    return markdown


def on_post_build(config, **kwargs):
    on = _state["today"]
    site = Path(config["site_dir"])
    rows = [r.as_json(on, _state["urls"].get(r.page))
            for r in sorted(_state["reviews"].values(), key=lambda r: (r.due, r.page))]
    report = {"built_on": on.isoformat(), "pages": rows}
    (site / REPORT_JSON).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    add_noindex_to_redirects(site, config)


def add_noindex_to_redirects(site: Path, config) -> None:
    """mkdocs-redirects writes bare pages; give them the site's noindex tag."""
    plugin = config["plugins"].get("redirects")
    if plugin is None:
        return
    maps = plugin.config.get("redirect_maps") or {}
    for old in maps:
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
