"""Safety content is real: an incident page passes only with the macros' own
never-do list and 999 line, visible; disguised rejected terms are caught
(in process, no build)."""

from __future__ import annotations

import pytest

from macros.content_rules import Checker, load_rules, plain_letters
from macros.safety import emergency_line, never_do
from macros.services import load_services
from tests.sitebuild import ROOT

CHECKER = Checker(load_rules(ROOT))
EMERGENCY = emergency_line(load_services(ROOT))
INCIDENT = {"page_type": "incident"}


def rules(html: str) -> list[str]:
    return [f"{f.rule}: {f.reason}" for f in CHECKER.check_page(html, "x.md", INCIDENT)]


def test_the_macros_own_output_passes():
    assert rules(never_do() + EMERGENCY) == []


@pytest.mark.parametrize("wrap, why", [
    ('<div hidden>{}</div>', "a hidden attribute"),
    ('<div style="display:none">{}</div>', "an inline style"),
    ('<div aria-hidden="true">{}</div>', 'aria-hidden="true"'),
    ('<details><summary>More</summary>{}</details>', "inside <details>"),
    ('<div class="md-visually-hidden">{}</div>', "the class 'md-visually-hidden'"),
    ('<template>{}</template>', "missing"),  # lxml drops template content from the tree
])
def test_hidden_safety_blocks_do_not_count(wrap, why):
    for hidden, rule in ((wrap.format(never_do()) + EMERGENCY, "never-do-list"),
                         (never_do() + wrap.format(EMERGENCY), "emergency-line")):
        found = rules(hidden)
        assert len(found) == 1 and found[0].startswith(rule), found
        if why != "missing":
            assert why in found[0], found


@pytest.mark.parametrize("line", [
    EMERGENCY.replace('href="tel:999"', 'href="tel:09098790999"'),
    EMERGENCY.replace(">999<", ">0909 879 0999<").replace("tel:999", "tel:09098790999"),
    EMERGENCY.replace("immediate danger", "danger"),
    EMERGENCY.replace("</strong>", ' <a href="tel:09098790999">or this</a></strong>'),
    '<p class="emergency">Call <a href="tel:999">999</a></p>',
])
def test_an_emergency_line_that_is_not_the_macros_or_does_not_dial_999_fails(line):
    found = rules(never_do() + line)
    assert len(found) == 1 and found[0].startswith("emergency-line"), found


@pytest.mark.parametrize("listing", [
    never_do().replace("<li>Do not delete anything", "<li>Do not worry. Delete anything"),
    never_do().replace("</ul>", "<li>Forward it to your manager.</li></ul>"),
    never_do().replace("Do not tell or warn the person you suspect.", ""),
    '<div class="never-do">' + never_do()[len('<div class="never-do">'):],  # same, legit
])
def test_a_never_do_list_that_is_not_the_macros_fails(listing):
    found = rules(listing + EMERGENCY)
    if listing == never_do():
        assert found == []
        return
    assert any(f.startswith("never-do-list") or "only 'Do not ...' items" in f
               for f in found), found


def test_instructions_planted_in_a_never_do_block_are_not_exempt():
    planted = never_do() + '<div class="never-do"><p>Screenshot the page and email it.</p></div>'
    found = CHECKER.check_page(planted + EMERGENCY, "x.md", INCIDENT)
    assert [f.kind for f in found] == ["unsafe instruction"]
    assert "only 'Do not ...' items are exempt" in str(found[0])
    assert str(found[0]).startswith('docs/x.md: unsafe instruction "Screenshot"')


TERM = load_rules(ROOT).rejected_terms[0].example


@pytest.mark.parametrize("disguise", [
    lambda s: s.replace("o", "\u043e"),          # Cyrillic o
    lambda s: s.replace("p", "\u0440"),          # Cyrillic er, looks like p
    lambda s: s.replace("o", "\u03bf"),          # Greek omicron
    lambda s: "\u200b".join(s),                  # zero-width spaces between letters
    lambda s: s.replace("r", "r\u00ad"),         # soft hyphens
    lambda s: s.replace("n", "\u200dn"),         # zero-width joiners
    lambda s: "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in s),  # full-width
    lambda s: s.replace("o", "ó"),               # accents
])
def test_disguised_rejected_terms_are_caught(disguise):
    disguised = disguise(TERM)
    assert disguised != TERM
    found = CHECKER.check_page(f"<p>{disguised}</p>", "x.md", {})
    assert [f.kind for f in found] == ["rejected term"], (disguised, found)


def test_plain_letters_leaves_ordinary_text_alone():
    text = "Call 020 7946 0123 – it’s “urgent”; café staff."
    assert plain_letters("Hello, world.") == "Hello, world."
    assert plain_letters(text).startswith("Call 020 7946 0123")
    assert "cafe staff" in plain_letters(text)
