"""Policy templates: macros, the built pages, and the generated documents.

The real site is built once with the demonstration profile (`built_site`)
and once here with a second fictional profile (Scotland), and the .docx and
.odt files are opened and read the way Word or LibreOffice would.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from macros.errors import PageDataError
from macros.policies import (
    CHOICES_MARKER,
    IMAGE_DESCRIPTION_RULE,
    PageState,
    PolicyLawError,
    add_months,
    choice,
    finish_page,
    has_jurisdiction,
    jurisdiction_names,
    load_policy_law,
    police_non_emergency_phone,
    policy_header,
    policy_law,
)
from macros.profile import Nation, load_profile
from macros.references import page_sources
from macros.services import load_services
from macros.sources import load_sources
from tests.htmlpages import Page, Site
from tests.sitebuild import NATION_PROFILES, ROOT

DEMO = load_profile(ROOT / "organisation.yml")
# A second organisation, in Scotland: its site is one of the shared nation sites.
SECOND_PROFILE = NATION_PROFILES["scotland"]
SECOND = load_profile(SECOND_PROFILE)
SERVICES = load_services(ROOT)
CITATIONS = load_sources(ROOT, SERVICES)
LAW = load_policy_law(ROOT, CITATIONS, SERVICES)

# Text that must never reach a page or a document: template syntax, the
# choices marker, escaped entities shown as text, raw HTML tags.
LEAKS = ("{{", "}}", "{%", "%}", CHOICES_MARKER, "&#", "<span", "<div", "<a ")

META = {
    "page_type": "policy", "policy_version": "2.1", "effective_date": dt.date(2026, 12, 1),
    "owner": "Head of HR", "last_reviewed": dt.date(2026, 8, 31), "review_interval_months": 6,
}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


POLICY_SOURCES = sorted(
    p for p in (ROOT / "docs" / "policies").glob("*.md") if front_matter(p).get("page_type") == "policy"
)
POLICY_STEMS = [p.stem for p in POLICY_SOURCES]


def test_all_six_templates_exist():
    assert set(POLICY_STEMS) == {
        "acceptable-use", "discovery-procedure", "staff-suspected-of-possession",
        "staff-awareness", "prevention-controls", "incident-record-form",
    }


@pytest.mark.parametrize("path", POLICY_SOURCES, ids=lambda p: p.stem)
def test_template_front_matter_is_complete(path: Path):
    meta = front_matter(path)
    for key in ("title", "description", "owner", "last_reviewed", "review_interval_months",
                "audience", "policy_version", "effective_date"):
        assert meta.get(key), key
    assert isinstance(meta["policy_version"], str)
    assert meta["review_interval_months"] <= 6, "templates state the law: review at most every 6 months"
    assert "{{ policy_header() }}" in path.read_text(encoding="utf-8")


# ── Macros, unit by unit ─────────────────────────────────────────────────


def test_choice_is_numbered_visible_and_collected_once():
    state = PageState()
    first = choice(state, "who approves  this")
    assert 'class="policy-choice"' in first and "[Choice 1: who approves this]" in first
    assert "Choice 2" in choice(state, "how long")
    assert "Choice 1" in choice(state, "who approves this")
    assert state.choices == ["who approves this", "how long"]


def test_choice_text_never_becomes_markup():
    state = PageState()
    html = choice(state, "<b>x</b> {{ 7*7 }}")
    assert "<b>" not in html and "{{" not in html and "49" not in html


def test_empty_choice_is_an_error():
    with pytest.raises(PageDataError, match="choice"):
        choice(PageState(), "   ")


def test_header_shows_document_control_and_choices_are_filled_in():
    state = PageState()
    header = policy_header(DEMO, state, META)
    body = header + "\nText " + choice(state, "first decision") + choice(state, "second")
    page = html.unescape(finish_page(body, state, META))
    assert CHOICES_MARKER not in page
    for text in ("England and Wales", "2.1", "1 December 2026", "Head of HR",
                 "Next review due", "28 February 2027"):
        assert text in page, text
    assert re.search(r'<ol class="policy-choices"><li>first decision</li><li>second</li></ol>', page)


@pytest.mark.parametrize("key", ["policy_version", "effective_date", "owner"])
def test_header_needs_each_front_matter_key(key):
    with pytest.raises(PageDataError, match=f"'{key}' is missing"):
        policy_header(DEMO, PageState(), {**META, key: None})


def test_header_rejects_an_unquoted_version():
    with pytest.raises(PageDataError, match="in quotes"):
        policy_header(DEMO, PageState(), {**META, "policy_version": 1.1})


def test_choices_without_header_and_policy_without_header_are_errors():
    state = PageState()
    choice(state, "x")
    with pytest.raises(PageDataError, match="no {{ policy_header"):
        finish_page("text", state, {"page_type": "guidance"})
    with pytest.raises(PageDataError, match="needs {{ policy_header"):
        finish_page("text", PageState(), {"page_type": "policy"})
    assert finish_page("text", PageState(), {"page_type": "guidance"}) == "text"


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 28), 6) == dt.date(2027, 5, 28)
    assert add_months(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)


def _law_with_its_sources(profile) -> tuple[str, str]:
    """A profile's law summary and the Sources section its references number."""
    page_sources.clear()
    summary = html.unescape(policy_law(profile, LAW, CITATIONS, SERVICES))
    section = html.unescape(page_sources.section())
    page_sources.clear()
    return summary, section


def test_law_follows_the_profile_jurisdictions():
    england, england_sources = _law_with_its_sources(DEMO)
    scotland, scotland_sources = _law_with_its_sources(SECOND)
    assert "England and Wales" in england and "Protection of Children Act 1978" in england_sources
    assert "Scotland" in scotland and "Civic Government (Scotland) Act 1982" in scotland_sources
    assert "Protection of Children Act 1978" not in scotland + scotland_sources
    assert "not legal advice" in england and 'role="doc-noteref"' in england
    # Sources are numbered references, never text inside a point.
    assert "Source:" not in england and "Checked on" not in england
    assert "Checked on" in england_sources


def test_jurisdiction_names_read_as_a_sentence():
    several = DEMO.model_copy(update={"organisation": DEMO.organisation.model_copy(
        update={"nations": list(Nation)})})
    assert jurisdiction_names(DEMO) == "England and Wales"
    assert jurisdiction_names(several) == "England and Wales, Scotland, and Northern Ireland"


def test_police_number_and_jurisdiction_checks():
    assert "101" in police_non_emergency_phone(SECOND, SERVICES)
    assert has_jurisdiction(SECOND, "scotland") and not has_jurisdiction(SECOND, "england-and-wales")
    with pytest.raises(PageDataError, match="unknown jurisdiction"):
        has_jurisdiction(SECOND, "wales")


def test_law_file_rejects_a_source_key_missing_from_the_registry(tmp_path):
    data = yaml.safe_load((ROOT / "data" / "policy-law.yml").read_text(encoding="utf-8"))
    data["law"]["scotland"]["points"][0]["sources"] = ["cgsa_1982_s52", "no_such_source"]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "policy-law.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PolicyLawError,
                       match="law.scotland.points.0.sources: unknown source 'no_such_source'"):
        load_policy_law(tmp_path, CITATIONS, SERVICES)
    # Keys of all three registries are accepted: legislation, guidance, sources, services.
    data["law"]["scotland"]["points"][0]["sources"] = [
        "cgsa_1982_s52", "iwf_top_tips", "eradar_illegal_images", "iwf"]
    (tmp_path / "data" / "policy-law.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_policy_law(tmp_path, CITATIONS, SERVICES).law


# ── The built site: pages and documents ──────────────────────────────────


def policy_page(site: Site, stem: str) -> Page:
    return site.page(f"policies/{stem}/")


def headings(page: Page) -> list[tuple[int, str]]:
    found = []
    for node in page.article.xpath(".//h1 | .//h2"):
        text = " ".join("".join(node.itertext()).replace("¶", "").split())
        found.append((int(node.tag[1]), text))
    return found


def docx_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def check_documents(site: Site, profile) -> None:
    phone = profile.contact("nominated_person").phone
    for stem in POLICY_STEMS:
        page = policy_page(site, stem)
        folder = page.path.parent

        # The page offers both documents, and they exist beside it.
        links = page.xpath('//p[@class="policy-downloads"]/a/@href')
        assert links == [f"{stem}.docx", f"{stem}.odt"], stem

        document = docx.Document(str(folder / f"{stem}.docx"))
        paragraphs = [(p.style.name, p.text.strip()) for p in document.paragraphs]
        doc_headings = [(int(style.split()[-1]), text) for style, text in paragraphs
                        if style in ("Heading 1", "Heading 2")]
        assert doc_headings == headings(page), stem
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert profile.organisation.name in header, stem
        text = docx_text(document)
        assert profile.organisation.name in text and phone in text, stem
        for leak in LEAKS:
            assert leak not in text, (stem, leak)
        placeholders = [run for p in document.paragraphs for run in p.runs if "[Choice" in run.text]
        assert placeholders, stem
        assert all(run.style.name == "Choice" for run in placeholders), stem

        with zipfile.ZipFile(folder / f"{stem}.odt") as odt:
            assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            content = odt.read("content.xml").decode("utf-8")
            styles = odt.read("styles.xml").decode("utf-8")
        assert phone in content and "[Choice" in content, stem
        assert re.search(r"<style:header>.*" + re.escape(profile.organisation.name), styles), stem
        for leak in ("{{", "{%", CHOICES_MARKER):
            assert leak not in content, (stem, leak)


def test_demonstration_documents(built_site: Site):
    check_documents(built_site, DEMO)


@pytest.mark.parametrize("stem", POLICY_STEMS)
def test_page_lists_every_choice_at_the_top(built_site: Site, stem: str):
    page = policy_page(built_site, stem)
    listed = page.xpath('//ol[@class="policy-choices"]/li')
    numbers = {int(n) for n in page.xpath("//span[@class='policy-choice']/@data-choice")}
    assert listed and numbers == set(range(1, len(listed) + 1))
    control = page.xpath('//table[@class="policy-control"]')[0].text_content()
    for text in ("Law this document refers to", "England and Wales", "Version", "Effective date",
                 "Owner", "Next review due"):
        assert text in control, text


def test_no_page_leaks_the_choices_marker(built_site: Site):
    for page in built_site.pages():
        assert CHOICES_MARKER not in page.html, page.path


def test_incident_form_never_asks_for_images(built_site: Site):
    page = policy_page(built_site, "incident-record-form")
    never = " ".join(" ".join(n.text_content().split()) for n in page.xpath('//div[@class="never-do"]'))
    for words in (IMAGE_DESCRIPTION_RULE, "attach any image", "Never copy"):
        assert words in never, words
    text = page.text
    for item in ("Date and time", "Where it was found", "Web address", "Who was told", "Actions taken"):
        assert item.lower() in text.lower(), item


def test_quick_card_has_what_a_wall_card_needs(built_site: Site):
    page = built_site.page("policies/quick-card/")
    text = page.text
    for role in ("nominated_person", "deputy"):
        assert DEMO.contact(role).name in text and DEMO.contact(role).phone in text
    assert page.xpath('//p[@class="emergency"]//a[@href="tel:999"]')
    assert page.xpath('//div[@class="never-do"]')
    assert page.xpath('//a[@href="https://www.iwf.org.uk/report"]')
    assert page.xpath('//a[@href="tel:101"]')


# ── A second organisation (Scotland) ─────────────────────────────────────


@pytest.fixture(scope="module")
def second_site(nation_sites) -> Site:
    """The real site for the fictional Scottish organisation (tests/conftest.py)."""
    return nation_sites["scotland"]


def test_second_organisation_documents(second_site: Site):
    check_documents(second_site, SECOND)
    document = docx.Document(str(second_site.root / "policies" / "acceptable-use" / "acceptable-use.docx"))
    text = docx_text(document)
    assert "Civic Government (Scotland) Act 1982" in text
    assert "Protection of Children Act 1978" not in text
    assert DEMO.organisation.name not in text and DEMO.contact("nominated_person").phone not in text


def test_second_organisation_pages_refer_to_scots_law(second_site: Site):
    for stem in POLICY_STEMS:
        control = policy_page(second_site, stem).xpath('//table[@class="policy-control"]')[0]
        assert "Scotland" in control.text_content()
        assert "England" not in control.text_content()
    managing = policy_page(second_site, "staff-suspected-of-possession").text
    assert "In England, every local authority" not in managing
