"""Law and guidance content that the December 2026 review found wrong or missing.

Each test reads the real built site (the demonstration profile), or renders a
macro in process where no build is needed. The per-nation checks, which need
a build for each nation, are in tests/site/test_nation_content.py.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from macros.law import Guidance, guidance_source, load_legislation, source_age
from macros.policies import IMAGE_DESCRIPTION_RULE
from macros.profile import Profile, load_profile
from macros.services import load_services
from macros.sources import citation_links, load_sources
from tests.htmlpages import Site
from tests.sitebuild import ROOT

LEGISLATION = load_legislation(ROOT)
SERVICES = load_services(ROOT)
SOURCES = load_sources(ROOT, SERVICES)
DEMO = load_profile(ROOT / "organisation.yml")


def section(page, heading_id: str) -> str:
    """Text from the heading with this id up to the next heading of the same level."""
    heading = page.xpath(f'//*[@id="{heading_id}"]')
    assert heading, f"{page.path}: no heading #{heading_id}"
    level = heading[0].tag
    parts = []
    for node in heading[0].itersiblings():
        if node.tag == level:
            break
        parts.append(node.text_content())
    return " ".join(" ".join(parts).split())


# ── C2: Northern Ireland's duty to tell the police ────────────────────────


def test_ni_law_page_sets_out_the_duty_to_tell_the_police(built_site: Site):
    page = built_site.page("law/northern-ireland/")
    duty = section(page, "in-northern-ireland-a-legal-duty-to-tell-the-police")
    assert page.xpath('//a[@href="https://www.legislation.gov.uk/apni/1967/18/section/5"]')
    for words in ("section 5 of the Criminal Law Act (Northern Ireland) 1967",
                  "within a reasonable time", "without a reasonable excuse",
                  "Check that they have reported it to the PSNI",
                  "report it to the PSNI yourself",
                  "confirm the current wording of section 5 and any exceptions"):
        assert words in duty, words
    assert page.xpath('//*[@id="in-northern-ireland-a-legal-duty-to-tell-the-police"]'
                      '/following-sibling::*//a[@href="tel:101"]')
    # The section is listed with its sources, marked as read through secondary copies.
    sources = " ".join(page.xpath('//ul[@class="law-sources"]')[0].text_content().split())
    assert "Criminal Law Act (Northern Ireland) 1967, section 5" in sources
    assert "secondary sources" in sources


def test_law_index_compares_the_duty_to_tell_the_police(built_site: Site):
    text = built_site.page("law/").text
    assert "A legal duty on everyone to tell the police about a serious offence" in text


# ── M3: warning a suspect ────────────────────────────────────────────────


@pytest.mark.parametrize("url", ["roles/hr-and-nominated-person/", "policies/staff-suspected-of-possession/"])
def test_warning_a_suspect_is_named_as_a_possible_crime(built_site: Site, url: str):
    page = built_site.page(url)
    assert "no specific criminal offence of warning" not in page.text
    assert "perverting the course of justice" in page.text
    assert page.xpath('//a[@href="https://cps.gov.uk/legal-guidance/public-justice-offences"]')


# ── C3, M13, M15: the HR page and the template (nation-free parts) ────────


def test_hr_page_covers_protection_suspension_process_and_exit(built_site: Site):
    text = built_site.page("roles/hr-and-nominated-person/").text
    for words in (
        "Take protective steps at once",
        "so that the person is not tipped off",
        "should never be automatic",                       # Acas
        "as short as possible and kept under review",
        "normally be on full pay",
        "You may run your disciplinary process alongside the police investigation",
        "Support for the person accused",
        "A resignation must not stop an allegation being followed up",
        "A settlement agreement cannot stop a referral that the law requires",
        "leave a safeguarding concern out of a future reference",
        "Failing to refer is an offence",
        "Professional regulators",
        "before anyone answers it",                         # subject access request
    ):
        assert words in text, words
    # The old line that put every step behind police agreement is gone.
    assert "Internal action comes last" not in text


def test_incident_form_gives_retention_and_subject_access_rules(built_site: Site):
    text = built_site.page("policies/incident-record-form/").text
    assert "how long you keep it, checked with your legal adviser" in text
    assert "subject access request" in text and "before anyone answers it" in text


def test_template_covers_referral_suspension_and_subject_access(built_site: Site):
    text = built_site.page("policies/staff-suspected-of-possession/").text
    for words in ("Take protective steps at once", "suspension is never automatic",
                  "Referral to the barring body and regulators", "failing to refer is an offence",
                  "No agreement may stop a referral the law requires",
                  "subject access request", "before anyone answers"):
        assert words in text, words


# ── m1: the data protection conditions ────────────────────────────────────


def test_hr_page_lists_the_employment_condition_not_the_payment_card_one(built_site: Site):
    text = built_site.page("roles/hr-and-nominated-person/").text
    assert "employment, social security and social protection" in text
    assert "administering accounts" not in text


# ── m3, m10, m11, m12: the law pages ─────────────────────────────────────


def test_accidental_making_is_no_offence_rather_than_a_defence(built_site: Site):
    text = built_site.page("law/england-and-wales/").text
    assert "has a defence to that act of making" not in text
    assert "the prosecution must prove that the making was deliberate and knowing" in text


def test_ni_prohibited_image_maximum_is_stated(built_site: Site):
    page = built_site.page("law/northern-ireland/")
    rows = [" ".join(r.text_content().split()) for r in page.xpath("//table//tr")]
    assert any("prohibited image" in r and "3 years" in r for r in rows), rows
    assert "We have not confirmed the maximum for the prohibited images offence" not in page.text


def test_section_1b_limbs_are_not_presented_as_complete(built_site: Site):
    text = built_site.page("law/england-and-wales/").text
    assert "Whether it has since gained further limbs" in text


@pytest.mark.parametrize("url", ["law/", "law/scotland/", "law/northern-ireland/"])
def test_parallel_provisions_are_reported_not_stated(built_site: Site, url: str):
    text = built_site.page(url).text
    assert "There are parallel provisions" not in text
    assert "(which has provisions for" not in text
    assert "reported" in text


# ── M10, m4, m5: AI-generated, drawn and "nudified" images ────────────────


@pytest.mark.parametrize("url", ["top-tips/", "law/", "law/england-and-wales/",
                                 "law/scotland/", "law/northern-ireland/"])
def test_ai_generated_and_drawn_images_are_covered(built_site: Site, url: str):
    text = built_site.page(url).text
    assert re.search(r"AI-generated|with AI", text), url
    assert "Treat them all the same" in text or "treat them all the same" in text.lower()


def test_top_tips_never_do_covers_making_images_with_work_systems(built_site: Site):
    page = built_site.page("top-tips/")
    never = " ".join(" ".join(n.text_content().split())
                     for n in page.xpath('//div[contains(@class, "never-do")]'))
    assert "AI tool" in never and "make or change a sexual image of a child" in never


@pytest.mark.parametrize("stem", ["acceptable-use", "staff-awareness"])
def test_policies_cover_images_with_no_real_child_photographed(built_site: Site, stem: str):
    text = built_site.page(f"policies/{stem}/").text
    assert "whether or not a real child was photographed" in text
    assert "Photographs and videos of this kind are records of real children" not in text


def test_terminology_names_the_newer_legal_terms(built_site: Site):
    text = built_site.page("terminology/").text
    assert "UK law does not use any of these everyday terms" not in text
    assert "CSEA content" in text and "CSA image" in text


# ── m6: one rule on describing images ─────────────────────────────────────


@pytest.mark.parametrize("url", ["policies/incident-record-form/", "roles/it-professionals/",
                                 "roles/hr-and-nominated-person/",
                                 "policies/staff-suspected-of-possession/"])
def test_every_record_page_gives_the_same_rule_on_describing_images(built_site: Site, url: str):
    text = built_site.page(url).text
    assert IMAGE_DESCRIPTION_RULE in text
    assert "in detail" not in text


# ── m13: old and secondary sources show their own date ───────────────────


# The sources the review named as old: each must carry its own date.
OLD_SOURCES = ("pkc_preserve_evidence", "acpo_digital_evidence", "jisc_legal_college",
               "iwf_wipe_it_out_2005", "iwf_url_splash", "jisc_non_photographic",
               "nspcc_whistleblowing_launch")


@pytest.mark.parametrize("key", OLD_SOURCES)
def test_old_sources_carry_their_own_date(key: str):
    source = SOURCES.sources[key]
    assert source.published, key
    [(link, _)] = citation_links(SOURCES, SERVICES, key)
    assert f"published {source.published}" in lxml.html.fromstring(link).text_content()


def test_guidance_citation_shows_date_and_says_reported():
    entry = Guidance(title="A page", publisher="A firm", url="https://example.org/a",
                     covers="Something.", published="2011", secondary=True,
                     checked_on="2026-11-01")
    assert source_age(entry.published, entry.secondary) == (
        " (published 2011; reported, not the official source)")
    assert source_age(None, False) == ""
    assert "(published March 2012)" in guidance_source(LEGISLATION, "acpo_digital_evidence")


def test_built_citations_show_the_date_of_old_sources(built_site: Site):
    text = built_site.page("roles/it-professionals/").text
    assert "ACPO Good Practice Guide for Digital Evidence, version 5 (published March 2012)" in text


# ── m18: legal name in policies, short name in the interface ─────────────


def test_policies_use_the_legal_name_and_the_interface_the_short_name(built_site: Site):
    name, short = DEMO.organisation.name, DEMO.organisation.short_name
    assert name != short
    for page in built_site.pages():
        if "/policies/" not in page.path.as_posix() or page.path.parent.name == "policies":
            continue
        article = page.text.replace(name, "")
        assert short not in article, page.path
        assert name in page.text, page.path
    site_name = built_site.page("").xpath("//title")[0].text_content()
    assert short in site_name and name not in site_name


def test_profile_schema_documents_which_name_goes_where():
    fields = Profile.model_json_schema()["$defs"]["Organisation"]["properties"]
    assert "legal name" in fields["name"]["description"]
    assert "policy document" in fields["name"]["description"]
    assert "interface" in fields["short_name"]["description"]


# ── Whistleblowing and preservation by IT ─────────────────────────────────


@pytest.mark.parametrize("url", ["looking-after-yourself/", "roles/hr-and-nominated-person/",
                                 "policies/staff-suspected-of-possession/"])
def test_whistleblowing_protection_is_said_to_be_england_only(built_site: Site, url: str):
    text = built_site.page(url).text
    assert "applies in England only" in text
    assert "whistleblowing policy" in text


def test_it_page_stops_jobs_that_would_change_evidence(built_site: Site):
    page = built_site.page("roles/it-professionals/")
    steps = section(page, "stop-anything-that-would-change-or-delete-evidence")
    for words in ("automatic deletion, retention", "pause sync", "remote wipe",
                  "changing permissions only", "keep the logs", "without opening any content",
                  "on police advice"):
        assert words in steps, words


@pytest.mark.parametrize("url", ["roles/it-professionals/", "policies/prevention-controls/"])
def test_written_authorisation_is_not_presented_as_a_defence(built_site: Site, url: str):
    text = built_site.page(url).text
    assert ("Nobody examines, copies, moves or runs tools on the material except at police "
            "direction. Written authorisation records who asked; it does not make copying "
            "lawful.") in text
    assert "Get written authorisation first" not in text
    assert "no investigation starts without written" not in text


# ── M2 and M4 on these pages: the escalation contact, direct reporting ────


@pytest.mark.parametrize("url", ["roles/hr-and-nominated-person/", "roles/managers/",
                                 "policies/staff-suspected-of-possession/", "top-tips/"])
def test_a_concern_about_a_listed_contact_goes_to_the_escalation_contact(built_site: Site, url: str):
    text = built_site.page(url).text
    assert DEMO.contact("escalation").name in text
    assert "straight to the police" in text


def test_top_tips_allow_direct_reporting(built_site: Site):
    text = built_site.page("top-tips/").text
    assert "You can always report to the police yourself" in text
    assert "They will help you make the report" not in text
