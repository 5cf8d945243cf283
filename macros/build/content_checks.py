"""Content checks on every page, from data/content-rules.yml.

- rejected terms ("child pornography" and its variants) only on pages whose
  front matter says `allow_rejected_terms: true`;
- no instruction to view, copy, screenshot, forward, save, download or delete
  material outside an element with class "never-do";
- every `page_type: incident` page carries the never-do list and the 999 line.

Each page is checked as HTML, after the macros have run. Every finding is
collected, then the build stops with one line per finding naming the page,
the phrase and the rule. The rules and the matching are in
macros/content_rules.py; hooks/content_checks.py runs them on each page.
"""

from __future__ import annotations

from ..content_rules import Checker


def page_findings(check: Checker, html: str, page: str, meta: dict, title: str | None) -> list[str]:
    """One line per finding on one page's HTML."""
    return [str(finding) for finding in check.check_page(html, page, meta or {}, title)]
