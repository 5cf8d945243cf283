"""Every check, as plain functions over the sources and over any built site.

`make check SITE=dir` (python -m macros.cli check) runs them all, whatever
engine built the site; the hooks run the same functions during a build.

- Source checks (`source_problems`): the data files and their cross-checks
  (macros/site.py), every page's front matter, mkdocs.yml (a key twice,
  redirects, nav titles), the triage flow.
- HTML checks (`html_problems`): the content rules on each page's article,
  the external-link allowlist on every HTML file, and the traces each build
  step leaves (the review line and report, the policy documents, the search
  keywords and query change, noindex on redirects, no leftover markers).
Each problem is one line naming the file.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import yaml

from ..datafiles import DataFileError
from ..frontmatter import FrontMatterError, PageMeta, check_meta, check_plain_text, parse_front_matter
from ..policies import CHOICES_MARKER
from ..settings import current as current_settings
from ..site import Site, load_site
from . import (
    config_checks,
    content_checks,
    external_links,
    html_gate,
    search_keywords,
    search_query,
    triage_pages,
)
from .review import REPORT_JSON, REPORT_MARKER

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"


@dataclass(frozen=True)
class SourcePage:
    page: str  # path under docs/
    meta: PageMeta


def _config(project: Path) -> dict[str, Any]:
    """mkdocs.yml as data (tags ignored); {} if it cannot be read: the
    repeated-key check and the build itself report that in one line."""
    try:
        data = yaml.load((project / CONFIG_FILE).read_text(encoding="utf-8"),  # noqa: S506
                         Loader=config_checks.ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _redirect_maps(config: dict[str, Any]) -> dict[Any, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return (plugin["redirects"] or {}).get("redirect_maps") or {}
    return {}


def _markdown_sources(project: Path, site: Site | None, nav: Any) -> dict[str, str]:
    """{page: Markdown} of every page: docs/*.md and the generated triage pages."""
    docs = project / DOCS_DIR
    pages = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8-sig")
             for p in sorted(docs.rglob("*.md"))}
    if site is not None and triage_pages.wanted(nav):
        pages.update({uri: text for uri, text in site.triage_pages.items() if uri not in pages})
    return pages


def source_pages(project: Path, on, problems: list[str]) -> tuple[Site | None, list[SourcePage]]:
    """The Site and every page's checked front matter; problems are appended."""
    site = None
    try:
        site = load_site(project)
        site.content_rules  # noqa: B018 - loaded (and checked) on first use
        site.allowlist  # noqa: B018
    except (DataFileError, external_links.AllowlistError) as exc:
        problems.append(str(exc).replace(str(project.resolve()) + "/", ""))
    config = _config(project)
    try:
        sources = _markdown_sources(project, site, config.get("nav"))
    except DataFileError as exc:  # the triage data
        problems.append(str(exc))
        sources = _markdown_sources(project, None, None)
    pages = []
    for page, text in sources.items():
        try:
            raw = parse_front_matter(text, f"docs/{page}")
            pages.append(SourcePage(page, check_meta(raw, page, on)))
            check_plain_text(raw, page)
        except FrontMatterError as exc:
            problems.append(str(exc))
    return site, pages


def source_problems(project: Path) -> list[str]:
    """Every problem in the sources: data, front matter, mkdocs.yml, triage."""
    project = Path(project)
    problems: list[str] = []
    site, pages = source_pages(project, current_settings().today(), problems)
    config = _config(project)
    maps = _redirect_maps(config)
    names = {p.page for p in pages}
    problems += config_checks.repeated_keys(project / CONFIG_FILE)
    problems += config_checks.redirect_problems(maps, names)
    problems += config_checks.nav_title_problems(config.get("nav"))
    if site is not None:
        try:
            problems += external_links.offsite_redirect_problems(maps, site.allowlist)
        except external_links.AllowlistError:
            pass  # reported above
    docs = project / DOCS_DIR
    if site is not None and triage_pages.wanted(config.get("nav")):
        try:
            written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
            problems += triage_pages.conflicts(site.triage_pages, written)
        except DataFileError:
            pass  # reported above
    return list(dict.fromkeys(problems))


# ── Built HTML ─────────────────────────────────────────────────────────────

# The site's furniture inside the article, added around the page's own
# content by the template and the build steps: not the page's words.
_FURNITURE = ("//*[@data-review-banner] | //*[@data-review-info]"
              " | //*[contains(concat(' ', @class, ' '), ' edit-link ')]"
              " | //*[contains(concat(' ', @class, ' '), ' policy-downloads ')]")


def html_file(page: str) -> str:
    """Where MkDocs (directory URLs) writes a page: 'a/b.md' -> 'a/b/index.html'."""
    stem = page[:-3]
    if posixpath.basename(stem) in ("index", "README"):
        return posixpath.join(posixpath.dirname(stem), "index.html")
    return f"{stem}/index.html"


def article_html(document) -> str | None:
    """The page's own content, as the build's content check saw it."""
    found = document.xpath('//article[contains(concat(" ", @class, " "), " md-content__inner ")]')
    if not found:
        return None
    article = found[0]
    for node in article.xpath(_FURNITURE.replace("//", ".//")):
        node.drop_tree()
    return (article.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in article)


def _page_problems(site_dir: Path, site: Site, page: SourcePage, allowed) -> list[str]:
    where = f"{site_dir.name}/{html_file(page.page)}"
    path = site_dir / html_file(page.page)
    if not path.is_file():
        return [f"{where}: missing: docs/{page.page} was not built"]
    html = path.read_text(encoding="utf-8")
    problems = external_links.page_problems(html, page.page, allowed)
    problems += [f"{where}: {problem}" for problem in html_gate.page_problems(html)]
    document = lxml.html.fromstring(html)
    # Traces of the build steps.
    if not document.xpath("//*[@data-review-info]"):
        problems.append(f"{where}: no review line (data-review-info): the review step did not run")
    if site.profile.demonstration and not document.xpath("//*[@data-demo-banner]"):
        problems.append(f"{where}: no demonstration banner (data-demo-banner)")
    for marker in (CHOICES_MARKER, REPORT_MARKER):
        if marker in html:
            problems.append(f"{where}: {marker} is still in the page: a build step did not run")
    if page.meta.page_type == "policy":
        for fmt in ("docx", "odt"):
            document_file = path.parent / f"{posixpath.splitext(posixpath.basename(page.page))[0]}.{fmt}"
            if not document_file.is_file():
                problems.append(f"{where}: no .{fmt} document beside the page: the policy "
                                "documents step did not run")
    article = article_html(document)  # takes the site's furniture out of the document
    if article is None:
        return [*problems, f"{where}: no <article> with the page's content"]
    return problems + content_checks.page_findings(site.content_checker, article, page.page,
                                                   page.meta.model_dump(), page.meta.title)


def html_problems(site_dir: Path, project: Path) -> list[str]:
    """Every problem in a built site, whatever engine built it."""
    site_dir, project = Path(site_dir), Path(project)
    problems: list[str] = []
    site, pages = source_pages(project, current_settings().today(), [])
    if site is None:
        return ["the sources have problems: fix those first (make check lists them)"]
    try:
        allowed = site.allowlist
    except external_links.AllowlistError as exc:
        return [str(exc)]
    for page in pages:
        problems += _page_problems(site_dir, site, page, allowed)
    built = {html_file(p.page) for p in pages}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative not in built:  # the not-found page, redirect stubs
            html = path.read_text(encoding="utf-8")
            problems += [line.replace("docs/" + relative, f"{site_dir.name}/{relative}") for line in
                         external_links.page_problems(html, relative, allowed)]
            problems += [f"{site_dir.name}/{relative}: {problem}"
                         for problem in html_gate.page_problems(html, redirect_stub=True)]
    problems += html_gate.site_css_problems(site_dir)
    problems += _report_problems(site_dir, pages)
    problems += _search_problems(site_dir, pages)
    problems += _redirect_problems(site_dir, _redirect_maps(_config(project)))
    return list(dict.fromkeys(problems))


def _report_problems(site_dir: Path, pages: list[SourcePage]) -> list[str]:
    path = site_dir / REPORT_JSON
    if not path.is_file():
        return [f"{site_dir.name}/{REPORT_JSON}: missing: the review step did not run"]
    listed = {row.get("page") for row in json.loads(path.read_text(encoding="utf-8")).get("pages", [])}
    return [f"{site_dir.name}/{REPORT_JSON}: docs/{p.page} is not in the review report"
            for p in pages if p.page not in listed]


def _search_problems(site_dir: Path, pages: list[SourcePage]) -> list[str]:
    path = site_dir / search_keywords.INDEX
    where = f"{site_dir.name}/{search_keywords.INDEX.as_posix()}"
    if not path.is_file():
        return [f"{where}: missing: the site has no search index"]
    index = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if "keywords" not in (index.get("config") or {}).get("fields", {}):
        problems.append(f"{where}: no keywords field: the search keywords step did not run")
    for worker in sorted((site_dir / search_query.WORKERS).glob("search.*.min.js")):
        if search_query.DROP_STOP_WORDS not in worker.read_text(encoding="utf-8"):
            problems.append(f"{site_dir.name}/{worker.relative_to(site_dir).as_posix()}: search "
                            "keeps stop words in queries: the search query step did not run")
    return problems


_ROBOTS = re.compile(r'<meta\s+name="robots"', re.I)


def _redirect_problems(site_dir: Path, maps: dict[Any, Any]) -> list[str]:
    problems = []
    for old in maps:
        if not isinstance(old, str) or not old.endswith(".md"):
            continue
        path = site_dir / html_file(old)
        if not path.is_file():
            problems.append(f"{site_dir.name}/{html_file(old)}: missing: the redirect from {old} was not written")
        elif not _ROBOTS.search(path.read_text(encoding="utf-8")):
            problems.append(f"{site_dir.name}/{html_file(old)}: redirect without noindex: "
                            "the review step did not run")
    return problems


def all_problems(site_dir: Path | None, project: Path) -> list[str]:
    problems = source_problems(project)
    if site_dir is not None:
        problems += html_problems(site_dir, project)
    return problems
