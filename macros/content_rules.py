"""Content checks on built pages: rejected terms, unsafe instructions, and the
safety furniture every incident page must carry.

The rules are data (data/content-rules.yml), each with a reason. The checks
read a page's HTML (after the macros have run), so they see what the reader
sees. hooks/content_checks.py runs them during the build; the tests call them
directly and through fixture sites.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import lxml.html
from pydantic import AfterValidator, Field

from .datafiles import DataFileError, load_data
from .profile import StrictModel, Text
from .safety import NEVER_DO, NEVER_DO_CLASS

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

    def __init__(self, rules: ContentRules, never_do_lists: dict[str, tuple[str, ...]] | None = None):
        self.rules = rules
        # {situation: its never-do items}: never_do_for() output is checked against these.
        self.never_do_lists = dict(never_do_lists or {})
        self.terms = [(rule, re.compile(rule.pattern, re.I)) for rule in rules.rejected_terms]
        lead = rf"(?:(?:{rules.instruction_leads})\s+)?"
        target = (rf"\s+(?:(?:{rules.pronouns})\b|(?:[\w'-]+\s+){{0,3}}?(?:{rules.material})\b)")
        self.instructions = [
            (rule, _Lazy(rf"^{lead}(?:{rule.verbs})\b" + (target if rule.needs_object else "")))
            for rule in rules.unsafe_instructions
        ]
        # Every rule needs a clause that starts with (a lead and) one of the
        # verbs: one pattern of all the verbs rules out most clauses at once,
        # and a rule's own pattern is compiled only for a clause that passes.
        self.any_verb = _any_verb(lead, [rule.verbs for rule in rules.unsafe_instructions])

    # ── text ──

    def rejected_terms(self, text: str) -> list[tuple[RejectedTerm, str]]:
        text = plain_letters(text)
        found, taken = [], []
        for rule, pattern in self.terms:
            for match in pattern.finditer(text):
                if not any(start <= match.start() < end for start, end in taken):
                    taken.append(match.span())
                    found.append((rule, match.group(0)))
        return found

    def unsafe_instructions(self, text: str) -> list[tuple[UnsafeInstruction, str]]:
        found = []
        for clause in clauses(plain_letters(text)):
            if self.any_verb is not None and not self.any_verb.match(clause):
                continue
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
        # Inside a never-do block only "do not" items are exempt: any other
        # sentence there is checked like the rest of the page.
        findings += [Finding(page, "unsafe instruction", rule.id, phrase,
                             f"{rule.reason} (inside a never-do block only 'Do not ...' "
                             "items are exempt)")
                     for rule, phrase in self.unsafe_instructions(
                         "\n".join(not_do_not_lines(tree)))
                     if page not in rule.allowed_on]
        if meta.get("page_type") == "incident":
            findings += incident_findings(tree, page, self.never_do_lists)
        return findings


class _Lazy:
    """A case-insensitive pattern, compiled on its first match."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, re.I)
        return self._compiled.match(text)


def _any_verb(lead: str, verbs: list[str]) -> re.Pattern[str] | None:
    """A pattern that matches wherever at least one rule could: the lead and
    any rule's verbs. None (check every rule) if the verbs cannot be joined,
    as with a back-reference, whose group number would change."""
    if any(re.search(r"\\\d|\(\?P[<=]", v) for v in verbs):
        return None
    try:
        return re.compile(rf"^{lead}(?:" + "|".join(f"(?:{v})" for v in verbs) + r")\b", re.I)
    except re.error:
        return None


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
    # Bound once: this walk visits every element of every page.
    add_everything, add_outside, space, blocks = everything.append, outside.append, _space, _BLOCKS

    def visit(element, hidden: bool) -> None:
        tag = element.tag
        if isinstance(tag, str):  # not a comment
            block = "\n" if tag in blocks else ""
            inside = hidden or "never-do" in (element.get("class") or "").split()
            # A line break in the source is only a space: sentences run across lines.
            text = block + space(element.text)
            add_everything(text)
            if not inside:
                add_outside(text)
        else:
            block, inside = "", hidden
        for child in element:
            visit(child, inside)
        if element is tree:  # the page's own container: no tail
            return
        tail = space(element.tail)
        add_everything(block + tail)
        if not hidden:
            # Where a never-do block was left out, the line still ends.
            add_outside("\n" + tail if inside else block + tail)

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


# ── Disguised words ───────────────────────────────────────────────────────

# Zero-width and other format characters (soft hyphen, joiners, bidi marks)
# split a word for a pattern but not for a reader.
_FORMAT = {"Cf"}


@lru_cache(maxsize=4096)
def _plain_letter(character: str) -> str:
    """One character as the Latin letter it looks like, if it looks like one."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(character, greedy=True, preferred_aliases=["latin"])
    for homoglyph in (found[0]["homoglyphs"] if found else []):
        if homoglyph["c"].isascii() and homoglyph["c"].isalpha():
            return homoglyph["c"]
    return character


def plain_letters(text: str) -> str:
    """Text as a reader sees it, for matching: compatibility forms folded
    (NFKC: full-width and styled letters), accents dropped, invisible
    characters removed, and look-alike letters (Cyrillic 'о', Greek 'ο')
    read as the Latin letters they imitate."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    # Only the characters outside ASCII change; each is looked up once.
    return unicodedata.normalize("NFC", _NOT_ASCII.sub(
        _reader_sees, unicodedata.normalize("NFKD", text)))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _reader_sees(match: re.Match[str]) -> str:
    return _as_read(match.group(0))


@lru_cache(maxsize=4096)
def _as_read(character: str) -> str:
    """One non-ASCII character as matching sees it: nothing for an invisible
    or combining mark, the Latin look-alike for a letter, else itself."""
    category = unicodedata.category(character)
    if category in _FORMAT or category == "Mn":
        return ""
    return _plain_letter(character) if character.isalpha() else character


# ── Incident pages: the safety furniture, real and visible ───────────────

_DO_NOT = re.compile(r"^(?:do not|don't|don’t|never|not even)\b", re.I)
# Ancestors that keep their content from the reader.
_HIDING_TAGS = {"template", "noscript", "details", "del", "s", "strike", "textarea", "select",
                "option", "iframe", "object", "svg", "script", "style", "title", "head"}
_HIDING_CLASS = re.compile(r"hidden|sr-only|visually|invisible|offscreen", re.I)


def not_do_not_lines(tree) -> list[str]:
    """Sentences inside never-do blocks that are not 'Do not ...' items."""
    lines = []
    for block in tree.xpath("." + _NEVER_DO):
        everything, _ = page_texts(block)
        lines += [clause for clause in clauses(everything) if not _DO_NOT.match(clause)]
    return lines


def hidden_by(element) -> str | None:
    """Why a reader would not see `element`, if they would not."""
    for node in [element, *element.iterancestors()]:
        if not isinstance(node.tag, str):
            continue
        if node.tag.lower() in _HIDING_TAGS:
            return f"inside <{node.tag}>"
        if node.get("hidden") is not None:
            return "a hidden attribute"
        if (node.get("aria-hidden") or "").strip().lower() == "true":
            return 'aria-hidden="true"'
        if node.get("style") is not None:
            return "an inline style"
        if _HIDING_CLASS.search(node.get("class") or ""):
            return f"the class {node.get('class')!r}"
    return None


def _own_never_do(element, fitted: dict[str, tuple[str, ...]] | None = None) -> bool:
    """Exactly the never_do() block, or the never_do_for() block of a known
    situation: its class, its list, its items, in order."""
    if (element.get("class") or "").split() != [NEVER_DO_CLASS]:
        return False
    scenario = element.get("data-scenario")
    if scenario is None:
        expected = list(NEVER_DO)
    elif fitted and scenario in fitted:
        expected = list(fitted[scenario])
    else:
        return False
    items = element.xpath("./ul/li")
    if len(element) != 1 or [" ".join(li.text_content().split()) for li in items] != expected:
        return False
    return not (element.text or "").strip() and all(len(li) == 0 for li in items)


EMERGENCY_NUMBER = "999"
EMERGENCY_TEXT = f"If a child is in immediate danger, call {EMERGENCY_NUMBER} now."


def _own_emergency_line(element) -> bool:
    """Exactly the emergency_line() paragraph: its text, one link, dialling 999."""
    links = element.xpath(".//a")
    return (" ".join(element.text_content().split()) == EMERGENCY_TEXT and len(links) == 1
            and links[0].get("href") == f"tel:{EMERGENCY_NUMBER}"
            and links[0].text_content().strip() == EMERGENCY_NUMBER)


def incident_findings(tree, page: str,
                      fitted: dict[str, tuple[str, ...]] | None = None) -> list[Finding]:
    """An incident page must carry a never-do list and the 999 line: the
    macros' own output (never_do(), or never_do_for() of a situation), where a
    reader sees it."""
    findings = []
    lists = [el for el in tree.xpath("." + _NEVER_DO) if _own_never_do(el, fitted)]
    if not lists:
        findings.append(Finding(page, "incident page", "never-do-list", "page_type: incident",
                                "an incident page must contain {{ never_do() }} or "
                                "{{ never_do_for('situation') }}"))
    elif all(hidden_by(el) for el in lists):
        findings.append(Finding(page, "incident page", "never-do-list", "page_type: incident",
                                f"the never-do list is hidden from readers ({hidden_by(lists[0])})"))
    lines = [el for el in tree.xpath('.//p[contains(concat(" ", normalize-space(@class), " "),'
                                     ' " emergency ")]') if _own_emergency_line(el)]
    if not lines:
        findings.append(Finding(page, "incident page", "emergency-line", "page_type: incident",
                                "an incident page must contain {{ emergency_line() }}, "
                                f"dialling {EMERGENCY_NUMBER}"))
    elif all(hidden_by(el) for el in lines):
        findings.append(Finding(page, "incident page", "emergency-line", "page_type: incident",
                                f"the {EMERGENCY_NUMBER} line is hidden from readers "
                                f"({hidden_by(lines[0])})"))
    return findings


def load_rules(project_dir: Path | str) -> ContentRules:
    return load_data(Path(project_dir) / RULES_FILE, ContentRules, ContentRulesError)
