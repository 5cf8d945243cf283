"""Content checks: every rule fires, the never-do list is exempt, descriptive
legal text passes, and incident pages must carry the never-do list and 999."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from macros.content_rules import Checker, ContentRules, ContentRulesError, load_rules
from macros.datafiles import parse_data
from macros.safety import never_do
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

RULES = load_rules(ROOT)
CHECKER = Checker(RULES)
RAW = yaml.safe_load((ROOT / "data" / "content-rules.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule", RULES.unsafe_instructions, ids=lambda r: r.id)
def test_each_unsafe_instruction_rule_fires_on_its_example(rule):
    assert [r.id for r, _ in CHECKER.unsafe_instructions(rule.example)] == [rule.id]


@pytest.mark.parametrize("rule", RULES.rejected_terms, ids=lambda r: r.id)
def test_each_rejected_term_rule_fires_on_its_example(rule):
    assert [r.id for r, _ in CHECKER.rejected_terms(rule.example)] == [rule.id]


@pytest.mark.parametrize("text", RULES.allowed_examples)
def test_descriptive_and_safe_sentences_pass(text):
    assert CHECKER.unsafe_instructions(text) == []
    assert CHECKER.rejected_terms(text) == []


def test_variants_of_rejected_terms_are_caught():
    for text in ("child porn", "Child-Porn", "childporn", "child pornographic", "kiddy porn",
                 "kiddieporn"):
        assert CHECKER.rejected_terms(f"The phrase {text} is wrong."), text


# Softer phrasings found in the content audit: each must fire the rule named.
SOFTER_PHRASINGS = [
    ("Take a note of the link.", "note-links"),
    ("Make a note of any links on the page.", "note-links"),
    ("Note down the other addresses on the page.", "note-links"),
    ("Copy the URL into the report.", "note-links"),
    ("Bookmark the page so the IWF can find it.", "save"),
    ("Check what else is on the device.", "check-further"),
    ("You may want to find out who sent it.", "check-further"),
    ("See if there are any more on the drive.", "check-further"),
    ("Open it to be sure.", "view"),
    ("Just have a quick look to be sure.", "look-further"),
    ("Click the link to check it is still there.", "look-further"),
    ("Go back to the page and double-check.", "look-further"),
    ("Send it to IT.", "forward"),
    ("Pass the message on to your manager.", "send-to-it"),
    ("Hand the laptop to the service desk.", "send-to-it"),
    ("Keep it for evidence.", "keep-as-evidence"),
    ("Hold on to the email as proof.", "keep-as-evidence"),
    ("Close and delete.", "close-and-delete"),
    ("Close the chat and delete it.", "close-and-delete"),
    ("Then clear the browser cache.", "clear-history"),
    ("Empty the recycle bin.", "clear-history"),
    ("Remove the files from the shared drive.", "delete"),
    ("Investigate it quietly.", "investigate"),
    ("Try to trace the sender.", "investigate"),
    ("Look through their emails for more.", "view"),
    ("Search their laptop for anything else.", "investigate"),
    ("It is a good idea to open it to check.", "view"),
    ("Show the screen to a colleague.", "show-it"),
    ("Take a picture of the screen.", "photo-of-screen"),
]


@pytest.mark.parametrize(("text", "rule"), SOFTER_PHRASINGS)
def test_softer_phrasings_are_caught(text, rule):
    assert [r.id for r, _ in CHECKER.unsafe_instructions(text)] == [rule]


def test_instructions_after_a_lead_or_inside_a_list_are_caught():
    html = ("<ol><li>You should take a screenshot.</li><li>Note the address, then copy it.</li>"
            "</ol><p>First, note the time. Then forward the message to IT.</p>")
    ids = [f.rule for f in CHECKER.check_page(html, "x.md", {})]
    assert ids == ["screenshot", "copy", "forward"]


def test_a_sentence_wrapped_across_source_lines_is_one_sentence():
    html = "<p>Staff should never view, copy, print, share, store or\nsave these images.</p>"
    assert CHECKER.check_page(html, "x.md", {}) == []
    html = "<p>Please\nsave the images.</p><ul>\n<li>Delete it</li>\n</ul>"
    assert [f.rule for f in CHECKER.check_page(html, "x.md", {})] == ["save", "delete"]


def test_never_do_exempts_do_not_items_only():
    inside = f'{never_do()}<div class="never-do"><p>Do not delete the message.</p></div>'
    assert CHECKER.check_page(inside, "x.md", {}) == []
    outside = "<p>Delete the message.</p>"
    assert [f.rule for f in CHECKER.check_page(outside, "x.md", {})] == ["delete"]
    # An instruction planted inside a never-do block is not exempt.
    planted = '<div class="never-do"><ul><li>Do not panic.</li><li>Delete the message.</li></ul></div>'
    findings = CHECKER.check_page(planted, "x.md", {})
    assert [f.rule for f in findings] == ["delete"]
    assert "inside a never-do block only 'Do not ...' items are exempt" in str(findings[0])


def test_rejected_terms_only_where_the_page_allows_them():
    html = f"<p>{RULES.rejected_terms[0].example}</p>"
    assert CHECKER.check_page(html, "x.md", {})
    assert CHECKER.check_page(html, "x.md", {"allow_rejected_terms": True}) == []
    # The never-do list is no exemption for rejected terms.
    assert CHECKER.check_page(f'<div class="never-do">{html}</div>', "x.md", {})
    # Nor is the title or description.
    assert CHECKER.check_page("<p>Fine.</p>", "x.md", {"description": "about child porn"})


EMERGENCY = ('<p class="emergency"><strong>If a child is in immediate danger, call '
             '<a class="service-phone" href="tel:999">999</a> now.</strong></p>')


def test_incident_pages_need_never_do_and_emergency_line():
    meta = {"page_type": "incident"}
    emergency = EMERGENCY
    assert CHECKER.check_page(never_do() + emergency, "x.md", meta) == []
    assert [f.rule for f in CHECKER.check_page(emergency, "x.md", meta)] == ["never-do-list"]
    assert [f.rule for f in CHECKER.check_page(never_do(), "x.md", meta)] == ["emergency-line"]
    assert CHECKER.check_page("<p>Hello.</p>", "x.md", {"page_type": "guidance"}) == []


def test_a_finding_is_one_line_naming_page_phrase_and_rule():
    [finding] = CHECKER.check_page("<p>Save it.</p>", "what-to-do/x.md", {})
    line = str(finding)
    assert line.startswith('docs/what-to-do/x.md: unsafe instruction "Save it" (save: ')
    assert "\n" not in line


def test_a_bad_rule_is_a_one_line_data_error():
    data = copy.deepcopy(RAW)
    data["unsafe_instructions"][0]["verbs"] = "view|("
    with pytest.raises(ContentRulesError) as err:
        parse_data(data, "data/content-rules.yml", ContentRules, ContentRulesError)
    assert "unsafe_instructions.0.verbs: not a valid regular expression" in str(err.value)


def test_only_the_terminology_page_allows_rejected_terms():
    allowed = []
    for path in (ROOT / "docs").rglob("*.md"):
        match = re.match(r"---\n(.*?)\n---", path.read_text(encoding="utf-8"), re.S)
        if match and re.search(r"^allow_rejected_terms:", match.group(1), re.M):
            allowed.append(path.relative_to(ROOT / "docs").as_posix())
    assert set(allowed) <= {"terminology.md"}


# ── The real site ──────────────────────────────────────────────────────────


def incident_sources() -> list[Path]:
    return [p for p in sorted((ROOT / "docs").rglob("*.md"))
            if re.search(r"^page_type: incident$", p.read_text(encoding="utf-8"), re.M)]


@pytest.mark.parametrize("path", incident_sources(), ids=lambda p: p.name)
def test_incident_page_sources_call_both_macros(path):
    text = path.read_text(encoding="utf-8")
    assert "{{ emergency_line() }}" in text
    assert "{{ never_do() }}" in text or "{{ never_do_for('" in text


def test_every_built_incident_page_shows_never_do_and_999(built_site: Site):
    urls = [p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in incident_sources()]
    urls = ["" if u == "index" else u.removesuffix("/index") + "/" for u in urls]
    urls += [p.parent.relative_to(built_site.root).as_posix() + "/"
             for p in (built_site.root / "triage").rglob("index.html")]
    assert len(urls) >= 10 + 9
    for url in urls:
        page = built_site.page("" if url == "./" else url)
        assert page.xpath('//article//p[@class="emergency"]//a[@href="tel:999"]'), url
        assert page.xpath('//article//div[@class="never-do"]/ul/li'), url


# ── Fixture sites: the build fails, or passes, as it should ────────────────


def fixture_build(tmp_path: Path, pages: dict[str, str]):
    config = make_fixture_site(tmp_path / "src", pages)
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def test_every_rule_stops_the_build_naming_page_and_phrase(family_build):
    # One page per rule, and incident.md without either (families.SAFETY_CONTENT)
    result = family_build("safety-content")
    assert not result.ok
    assert "Traceback" not in result.output
    for rule in RULES.unsafe_instructions:
        phrase = CHECKER.unsafe_instructions(rule.example)[0][1]
        assert f'docs/{rule.id}.md: unsafe instruction "{phrase}" ({rule.id}:' in result.output
    for rule in RULES.rejected_terms:
        assert f"docs/{rule.id}.md: rejected term" in result.output, rule.id
    assert 'docs/incident.md: incident page "page_type: incident" (never-do-list' in result.output
    assert 'docs/incident.md: incident page "page_type: incident" (emergency-line' in result.output


def test_never_do_blocks_legal_text_and_the_terminology_page_pass(family_build):
    # incident.md and terminology.md of the good family (families._safe_wording)
    result = family_build("good")
    assert result.ok, result.output
