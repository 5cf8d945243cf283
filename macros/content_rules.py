"""Content checks on built pages: rejected terms, unsafe instructions, and the
safety furniture every incident page must carry.

The rules are data (data/content-rules.yml), each with a reason. The checks
read a page's HTML (after the macros have run), so they see what the reader
sees. hooks/content_checks.py runs them during the build; the tests call them
directly and through fixture sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import lxml.html
from pydantic import AfterValidator, Field

from .datafiles import DataFileError, load_data
from .profile import StrictModel, Text
from .safety import NEVER_DO

RULES_FILE = Path("data") / "content-rules.yml"


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


Regex = Annotated[Text, AfterValidator(_regex)]


class RejectedTerm(StrictModel):
    id: Text
    pattern: Regex
    reason: Text
    example: Text = Field(description="A benign sentence that this rule must catch.")


class UnsafeInstruction(StrictModel):
    id: Text
    verbs: Regex = Field(description="The instruction's verb phrase(s), as a regular expression.")
    needs_object: bool = Field(default=True, description="Fire only when material follows the verb.")
    reason: Text
    example: Text = Field(description="A benign sentence that this rule must catch.")
    allowed_on: list[Text] = Field(
        default_factory=list,
        description="Pages (paths under docs/, generated triage pages too) where this "
        "instruction is the right one, e.g. taking content out of public view on the "
        "organisation's own service.")


class ContentRules(StrictModel):
    rejected_terms: list[RejectedTerm] = Field(min_length=1)
    instruction_leads: Regex
    material: Regex
    pronouns: Regex
    unsafe_instructions: list[UnsafeInstruction] = Field(min_length=1)
    allowed_examples: list[Text] = Field(default_factory=list)


class ContentRulesError(DataFileError):
    kind = "Content rules file"


@dataclass(frozen=True)
class Finding:
    page: str  # path under docs/
    kind: str  # "rejected term", "unsafe instruction", "incident page"
    rule: str
    phrase: str
    reason: str

    def __str__(self) -> str:
        return f'docs/{self.page}: {self.kind} "{self.phrase}" ({self.rule}: {self.reason})'


class Checker:
    """Compiled rules; `check_page()` returns every finding on one page."""

    def __init__(self, rules: ContentRules):
        self.rules = rules
        self.terms = [(rule, re.compile(rule.pattern, re.I)) for rule in rules.rejected_terms]
        lead = rf"(?:(?:{rules.instruction_leads})\s+)?"
        target = (rf"\s+(?:(?:{rules.pronouns})\b|(?:[\w'-]+\s+){{0,3}}?(?:{rules.material})\b)")
        self.instructions = [
            (rule, re.compile(
                rf"^{lead}(?:{rule.verbs})\b" + (target if rule.needs_object else ""), re.I))
            for rule in rules.unsafe_instructions
        ]

    # ── text ──

    def rejected_terms(self, text: str) -> list[tuple[RejectedTerm, str]]:
        found, taken = [], []
        for rule, pattern in self.terms:
            for match in pattern.finditer(text):
                if not any(start <= match.start() < end for start, end in taken):
                    taken.append(match.span())
                    found.append((rule, match.group(0)))
        return found

    def unsafe_instructions(self, text: str) -> list[tuple[UnsafeInstruction, str]]:
        found = []
        for clause in clauses(text):
            for rule, pattern in self.instructions:
                match = pattern.match(clause)
                if match:
                    found.append((rule, match.group(0)))
                    break
        return found

    # ── pages ──

    def check_page(self, html: str, page: str, meta: dict, title: str | None = None) -> list[Finding]:
        findings: list[Finding] = []
        tree = _parse(html)
        everything, outside = page_texts(tree)
        if not meta.get("allow_rejected_terms"):
            text = " ".join(filter(None, [title, str(meta.get("description") or ""), everything]))
            findings += [Finding(page, "rejected term", rule.id, phrase, rule.reason)
                         for rule, phrase in self.rejected_terms(text)]
        findings += [Finding(page, "unsafe instruction", rule.id, phrase, rule.reason)
                     for rule, phrase in self.unsafe_instructions(outside)
                     if page not in rule.allowed_on]
        if meta.get("page_type") == "incident":
            findings += incident_findings(tree, page)
        return findings


# ── HTML helpers ──────────────────────────────────────────────────────────

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div",
           "blockquote", "pre", "section", "article", "summary", "details", "ul", "ol",
           "table", "tr", "figcaption", "br"}
_NEVER_DO = '//*[contains(concat(" ", normalize-space(@class), " "), " never-do ")]'


def _parse(html: str):
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def page_texts(tree) -> tuple[str, str]:
    """The visible text, one line per block element (paragraph, list item...):
    all of it, and the part outside never-do elements. One walk of the tree."""
    everything: list[str] = []
    outside: list[str] = []

    def visit(element, hidden: bool) -> None:
        is_element = isinstance(element.tag, str)  # not a comment
        block = "\n" if is_element and element.tag in _BLOCKS else ""
        inside = hidden or (is_element and "never-do" in (element.get("class") or "").split())
        if is_element:
            # A line break in the source is only a space: sentences run across lines.
            text = block + _space(element.text)
            everything.append(text)
            if not inside:
                outside.append(text)
        for child in element:
            visit(child, inside)
        if element is tree:  # the page's own container: no tail
            return
        tail = block + _space(element.tail)
        everything.append(tail)
        if not hidden:
            # Where a never-do block was left out, the line still ends.
            outside.append("\n" + _space(element.tail) if inside else tail)

    visit(tree, False)
    return "".join(everything), "".join(outside)


_WHITESPACE = re.compile(r"\s+")


def _space(text: str | None) -> str:
    return _WHITESPACE.sub(" ", text) if text else ""


_CLAUSE_BREAK = re.compile(r"\n|(?<=[.!?;:])\s+|,\s*(?=(?:and\s+)?then\b)")
_CLAUSE_LEAD = re.compile(r"^[\s\W\d]+")


def clauses(text: str) -> list[str]:
    """Sentences and 'then ...' clauses, each stripped of bullets and quotes."""
    parts = (_CLAUSE_LEAD.sub("", part) for part in _CLAUSE_BREAK.split(text))
    return [" ".join(part.split()) for part in parts if part.strip()]


def incident_findings(tree, page: str) -> list[Finding]:
    """An incident page must carry the standard never-do list and the 999 line."""
    findings = []
    lists = " ".join(" ".join(el.text_content().split()) for el in tree.xpath("." + _NEVER_DO))
    if not all(item in lists for item in NEVER_DO):
        findings.append(Finding(page, "incident page", "never-do-list", "page_type: incident",
                                "an incident page must contain {{ never_do() }}"))
    if not tree.xpath('.//p[contains(concat(" ", normalize-space(@class), " "), " emergency ")]'
                      '[.//a[starts-with(@href, "tel:")]]'):
        findings.append(Finding(page, "incident page", "emergency-line", "page_type: incident",
                                "an incident page must contain {{ emergency_line() }}"))
    return findings


def load_rules(project_dir: Path | str) -> ContentRules:
    return load_data(Path(project_dir) / RULES_FILE, ContentRules, ContentRulesError)
