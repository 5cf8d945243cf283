"""A page's front matter: the one model, its rules, and the reader.

Every page under docs/ (and every generated page) starts with front matter:
who owns it, when it was last reviewed, who it is for and what kind of page
it is. `read_front_matter()` reads it strictly (invalid YAML, a key twice, a
date that does not exist and non-UTF-8 bytes are errors, where MkDocs would
silently drop the front matter), `check_meta()` applies the rules and returns
a `PageMeta`. Each problem is one `FrontMatterError` line naming page and key.

`page_meta()` does both for one file, once per file version, so every build
step that needs a page's front matter shares one reading.
schema/page.schema.json (`python -m macros.profile_cli page-schema`) is made
from `PageMeta` for editors' tools.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .datafiles import refuse_repeated_keys
from .dates import parse_date
from .text import has_markup

AUDIENCES = ("all staff", "managers", "IT", "HR and safeguarding", "editors")
PAGE_TYPES = ("incident", "guidance", "law", "policy", "reference")
REQUIRED_KEYS = ("title", "description", "owner", "last_reviewed",
                 "review_interval_months", "audience", "page_type")
# Other keys pages use. An unknown key close to a known one is a misspelling
# (`ownr`, `keyword`) and stops the build; other keys are left alone.
OPTIONAL_KEYS = ("keywords", "search", "policy_version", "effective_date",
                 "allow_rejected_terms", "hide", "template", "render_macros", "edit_source")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
MAX_INTERVAL_MONTHS = 24
# Legal pages review more often: the law and its guidance change.
MAX_INTERVAL_BY_TYPE = {"law": 6}


class FrontMatterError(ValueError):
    """A page's front matter is missing or wrong (one line: page and key)."""


class PageMeta(BaseModel):
    """One page's front matter, checked."""

    model_config = ConfigDict(frozen=True, extra="allow", title="Page front matter")

    title: str = Field(description="The page title: plain text.")
    description: str = Field(description="One sentence for search results and link previews: plain text.")
    owner: str = Field(description="The role that keeps the page right, e.g. Designated safeguarding lead.")
    last_reviewed: dt.date = Field(description="When the owner last checked the page (YYYY-MM-DD).")
    review_interval_months: int = Field(
        ge=1, le=MAX_INTERVAL_MONTHS,
        description=f"Months until the next review: at most {MAX_INTERVAL_MONTHS}, "
                    f"{MAX_INTERVAL_BY_TYPE['law']} for law pages.")
    audience: Literal[AUDIENCES] = Field(description="Who the page is for.")  # type: ignore[valid-type]
    page_type: Literal[PAGE_TYPES] = Field(description="What kind of page it is.")  # type: ignore[valid-type]
    # Checked by the search step, which names the page and key.
    keywords: Any = Field(
        default=None, description="Words readers might search for that the page does not use "
                                  "(comma-separated text or a list); searched, never shown.")
    allow_rejected_terms: bool = Field(
        default=False, description="Only the terminology page: it may quote the terms the IWF rejects.")
    policy_version: Any = Field(default=None, description="Policy templates: the version, as text ('1.0').")
    effective_date: Any = Field(default=None, description="Policy templates: when it takes effect (YYYY-MM-DD).")
    search: Any = Field(default=None, description="Material's search options for the page (boost).")
    hide: Any = Field(default=None, description="Material: parts of the page to hide (toc, navigation).")
    template: Any = Field(default=None, description="Material: another page template.")
    render_macros: Any = Field(default=None, description="mkdocs-macros: false to leave {{ }} as text.")
    edit_source: Any = Field(default=None, description="The file 'Edit this page' opens, if not the page.")


def page_json_schema() -> dict[str, Any]:
    schema = PageMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["required"] = list(REQUIRED_KEYS)
    return schema


def check_meta(meta: dict[str, Any] | None, page: str, on: dt.date) -> PageMeta:
    """Validate one page's front matter; raise FrontMatterError naming page and key."""
    where = f"docs/{page}"
    if not meta:
        raise FrontMatterError(f"{where}: no front matter (it needs {', '.join(REQUIRED_KEYS)})")
    for key in REQUIRED_KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise FrontMatterError(f"{where}: front matter: missing '{key}'")
    for key in ("title", "description", "owner"):
        if not isinstance(meta[key], str):
            raise FrontMatterError(f"{where}: front matter: '{key}' must be text, got {meta[key]!r}")
    if not isinstance(meta.get("allow_rejected_terms", False), bool):
        raise FrontMatterError(f"{where}: front matter: 'allow_rejected_terms' must be true or false, "
                               f"got {meta['allow_rejected_terms']!r}")
    for key in meta:
        if isinstance(key, str) and key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)
            if close:
                raise FrontMatterError(f"{where}: front matter: unknown key '{key}', "
                                       f"did you mean '{close[0]}'?")

    last = parse_date(meta["last_reviewed"])
    if last is None:
        raise FrontMatterError(f"{where}: front matter: 'last_reviewed' is not a date in the form "
                               f"YYYY-MM-DD: {meta['last_reviewed']!r}")
    if last > on:
        raise FrontMatterError(f"{where}: front matter: 'last_reviewed' is in the future: {last}")

    audience = meta["audience"]
    if audience not in AUDIENCES:
        raise FrontMatterError(f"{where}: front matter: 'audience' must be one of "
                               f"{', '.join(AUDIENCES)}; got {audience!r}")
    page_type = meta["page_type"]
    if page_type not in PAGE_TYPES:
        raise FrontMatterError(f"{where}: front matter: 'page_type' must be one of "
                               f"{', '.join(PAGE_TYPES)}; got {page_type!r}")

    interval = meta["review_interval_months"]
    limit = MAX_INTERVAL_BY_TYPE.get(page_type, MAX_INTERVAL_MONTHS)
    if isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= limit:
        kind = f"{page_type} pages" if page_type in MAX_INTERVAL_BY_TYPE else "pages"
        raise FrontMatterError(f"{where}: front matter: 'review_interval_months' must be a whole "
                               f"number from 1 to {limit} for {kind}; got {interval!r}")

    fields = {key: value for key, value in meta.items() if isinstance(key, str)}
    fields.update(title=meta["title"].strip(), owner=meta["owner"].strip(), last_reviewed=last)
    return PageMeta.model_validate(fields)


def check_plain_text(meta: dict[str, Any], page: str) -> None:
    """The title and description are text: Material writes them into the HTML
    (the <title>, the header, the description attribute) as they are."""
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str) and has_markup(value, in_attribute=True):
            raise FrontMatterError(f"docs/{page}: front matter: '{key}' must be plain text, without "
                                   f"< > \" {{{{ or {{%: {value!r} (use ‘ ’ or “ ” for quotes)")


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


@refuse_repeated_keys
class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that refuses a key given twice (YAML keeps the last silently)."""


def read_front_matter(path: Path) -> dict[str, Any] | None:
    """Front matter of a Markdown file (None if absent).

    MkDocs silently ignores front matter that is not valid YAML (a colon in
    an unquoted description is enough); here it is an error.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise FrontMatterError(f"{path}: line {line}: not UTF-8 text (byte {exc.object[exc.start]:#x}); "
                               "save the file as UTF-8") from None
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    try:
        data = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader
    except ValueError as exc:  # a date that does not exist, such as 2026-11-31
        raise FrontMatterError(f"{path}: front matter: {_bad_date_key(match.group(1))}"
                               f"a date that does not exist ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        hint = "" if "appears twice" in problem else (
            " (put quotes around a value that contains a colon)")
        raise FrontMatterError(f"{path}: front matter is not valid YAML: {line}{problem}{hint}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(f"{path}: front matter must be 'key: value' lines")
    return data


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


# Checked front matter by (file, modification time, size, date): a page is
# read once per build however many steps ask, and again once it is edited.
_pages: dict[tuple[Any, ...], PageMeta] = {}


def page_meta(path: Path, page: str, on: dt.date) -> PageMeta:
    """One page's front matter, read and checked: every rule, one line per problem."""
    path = Path(path)
    try:
        info = path.stat()
        key: tuple[Any, ...] | None = (str(path.resolve()), info.st_mtime_ns, info.st_size, page, on)
    except OSError:
        key = None
    if key is not None and key in _pages:
        return _pages[key]
    try:
        raw = read_front_matter(path)
        meta = check_meta(raw, page, on)
        check_plain_text(raw, page)
    except FrontMatterError as exc:
        raise FrontMatterError(str(exc).replace(str(path), f"docs/{page}")) from None
    if key is not None:
        _pages[key] = meta
    return meta
