"""Reference and guidance pages: top tips, roles, the law, terminology,
looking after yourself and the external contacts. Reads the real built site."""

from __future__ import annotations

import re

import pytest
import yaml

from macros.law import load_legislation
from macros.profile import load_profile
from macros.services import load_services
from tests.htmlpages import Page, Site
from tests.sitebuild import ROOT

LAW_PAGES = {
    "law/england-and-wales/": "england-and-wales",
    "law/scotland/": "scotland",
    "law/northern-ireland/": "northern-ireland",
}
GUIDANCE_PAGES = [
    "top-tips.md", "terminology.md", "looking-after-yourself.md", "contacts.md",
    "roles/index.md", "roles/all-staff.md", "roles/managers.md", "roles/it-professionals.md",
    "roles/hr-and-nominated-person.md", "law/index.md", "law/england-and-wales.md",
    "law/scotland.md", "law/northern-ireland.md",
]
NOT_LEGAL_ADVICE = "This is a summary, not legal advice."
DATE = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
REJECTED = re.compile(r"child porn|kiddie porn", re.I)


def headings(page: Page) -> list[str]:
    return [" ".join(h.text_content().replace("¶", "").split()) for h in page.article.xpath(".//h2|.//h3")]


def front_matter(name: str) -> dict:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


# ── The law pages ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("url", list(LAW_PAGES))
def test_law_page_has_every_required_part(built_site: Site, url: str):
    page = built_site.page(url)
    summary = page.xpath('//article//p[contains(@class, "law-summary")]')
    assert len(summary) == 1 and summary[0].text_content().strip().count(".") >= 2, url
    found = headings(page)
    for heading in ("Applies to", "The offences", 'What "making" means', "The defences",
                    "Maximum penalties", "Sources"):
        assert heading in found, (url, heading, found)
    sources = page.xpath('//article//ul[contains(@class, "law-sources")]//a[@class="legislation-link"]/@href')
    assert len(sources) >= 3 and all(h.startswith("https://www.legislation.gov.uk/") for h in sources)
    assert re.search(rf"Checked on {DATE}\.", page.text), url
    assert page.text.count(NOT_LEGAL_ADVICE) >= 1 and "not legal advice" in page.text.split("Sources")[0]


@pytest.mark.parametrize("name", ["law/index.md", "law/england-and-wales.md",
                                  "law/scotland.md", "law/northern-ireland.md"])
def test_law_pages_are_legal_pages_reviewed_at_least_every_six_months(name: str):
    meta = front_matter(name)
    assert meta["page_type"] == "law" and meta["review_interval_months"] <= 6


def test_law_index_links_every_jurisdiction_and_states_the_newer_law(built_site: Site):
    page = built_site.page("law/")
    assert {"Newer law", "Online Safety Act 2023: reporting by online services",
            "Crime and Policing Act 2026"} <= set(headings(page))
    assert "We have not confirmed whether section 66 itself is in force" in page.text
    assert "7 April 2026" in page.text and "29 April 2026" in page.text
    assert "final form and when it starts are not confirmed" in page.text
    assert NOT_LEGAL_ADVICE in page.text


def test_scotland_page_says_there_is_no_equivalent_defence_and_what_to_do(built_site: Site):
    page = built_site.page("law/scotland/")
    assert "We have found no equivalent defence in Scotland" in page.text
    assert "What to do instead" in headings(page)
    never = " ".join(page.xpath('string(//article//div[contains(@class, "never-do")])').split())
    assert "Do not make any copy" in never
    assert page.xpath('//article//a[@class="service-phone"][@href="tel:101"]')
    assert "Police Scotland" in page.text and "legal adviser" in page.text
    assert page.xpath('//article//a[@data-legislation="soa_2003_s46"]')


def test_penalties_are_only_the_verified_ones(built_site: Site):
    def penalties(url: str) -> list[str]:
        table = built_site.page(url).xpath('//article//table')[0]
        return re.findall(r"\d+ years", table.text_content())

    assert penalties("law/england-and-wales/") == ["10 years", "5 years", "3 years"]
    assert penalties("law/northern-ireland/") == ["10 years", "5 years", "3 years"]
    assert penalties("law/scotland/") == ["5 years"]


def test_unverified_points_are_not_stated(built_site: Site):
    england = built_site.page("law/england-and-wales/").text
    # An England and Wales OFCOM limb is unverified: named only as not confirmed.
    assert [s for s in re.split(r"(?<=[.:])\s", england) if "OFCOM" in s] == [
        "Whether it has since gained further limbs, such as the one for OFCOM's online safety "
        "work that Northern Ireland's article 3A now has, is not confirmed:",
        "Any such limb would cover OFCOM and people helping it, not ordinary employers."]
    assert "We have not been able to confirm its own wording" in england
    for page in built_site.pages():
        assert "report.iwf.org.uk" not in page.html


# ── Top tips ──────────────────────────────────────────────────────────────


def test_top_tips_has_every_iwf_section_and_the_conditions(built_site: Site):
    page = built_site.page("top-tips/")
    assert {"Report it: who to contact", "Know the law", "Know how the law affects you",
            "The conditions the IWF lists", "Have clear policies", "Make sure staff know",
            "Prevent people coming across images", "Sources"} <= set(headings(page))
    conditions = page.xpath('//article//h3[contains(., "conditions the IWF")]/following-sibling::ol[1]/li')
    assert len(conditions) == 6
    assert "does not need to look at the rest of that site" in conditions[4].text_content()
    assert "This is the IWF's summary, not the wording of the prosecutors' agreement" in page.text
    assert page.xpath('//article//a[@data-guidance="iwf_top_tips"]')
    assert page.xpath('//article//a[@data-guidance="iwf_url_list"]')
    assert page.xpath('//article//a[contains(@class, "law-link--applies")]')


# ── Roles ─────────────────────────────────────────────────────────────────


def test_roles_index_links_every_role(built_site: Site):
    hrefs = built_site.page("roles/").xpath("//article//a/@href")
    for role in ("all-staff/", "managers/", "it-professionals/", "hr-and-nominated-person/"):
        assert role in hrefs


def test_it_page_covers_the_defence_authorisation_evidence_and_records(built_site: Site):
    page = built_site.page("roles/it-professionals/")
    assert {"What the law allows, and what it does not", "Handle as little as you can",
            "Act only at police direction", "Leave the device as it is, and isolate it",
            "Stop anything that would change or delete evidence", "What police guidance says",
            "Record what happened, not what you saw", "Keep an audit trail"} <= set(headings(page))
    # The defence for the organisation's nations (England here), with its sources.
    defence = page.xpath('//article//div[@class="nation-facts"][@data-topic="making_defence"]')
    assert [d.get("data-nations") for d in defence] == ["england"]
    assert "Section 1B of the Protection of Children Act 1978" in defence[0].text_content()
    assert "MoU principle 1" not in page.text
    assert "written for police and people working for them, not for employers" in page.text


def test_hr_page_covers_police_lado_confidentiality_discipline_and_data(built_site: Site):
    page = built_site.page("roles/hr-and-nominated-person/")
    text = page.text
    assert "within one working day" in text
    assert "may be unsuitable to work with children" in text
    assert "strict confidence" in text
    assert "whether disciplinary action can run alongside, or must wait" in text
    assert "Article 10 of the UK GDPR" in text and "section 11(2)" in text and "Schedule 1" in text
    assert "We have not confirmed when this starts, so check with your legal adviser." in text
    for key in ("swcpp_criminal_offence", "ico_criminal_offence_conditions", "cps_public_justice"):
        assert page.xpath(f'//article//a[@data-guidance="{key}"]'), key
    # The LADO sources come with England's labelled allegations route: its
    # numbered references lead to them in the page's Sources section.
    targets = page.xpath('//div[@class="nation-facts"][@data-nations="england"]'
                         '//a[contains(@class, "source-ref")]/@href')
    entries = [page.xpath(f'//li[@id="{href.lstrip("#")}"]//a/@href') for href in targets]
    assert any("bristolsafeguarding.org" in url for urls in entries for url in urls)


@pytest.mark.parametrize("url", ["roles/all-staff/", "roles/managers/", "roles/it-professionals/",
                                 "roles/hr-and-nominated-person/"])
def test_role_pages_carry_the_emergency_line_and_a_never_do_list(built_site: Site, url: str):
    page = built_site.page(url)
    assert page.xpath('//article//p[@class="emergency"]')
    assert page.xpath('//article//div[contains(@class, "never-do")]')


# ── Terminology, support, contacts ────────────────────────────────────────


def test_terminology_page_explains_the_rejected_terms_and_the_legal_wording(built_site: Site):
    assert front_matter("terminology.md").get("allow_rejected_terms") is True
    page = built_site.page("terminology/")
    assert REJECTED.search(page.text)
    assert "indecent photographs or pseudo-photographs of a child" in page.text
    assert "28 January 2016" in page.text
    for key in ("iwf_top_tips", "luxembourg_guidelines", "thinkuknow_csam"):
        assert page.xpath(f'//article//a[@data-guidance="{key}"]'), key


@pytest.mark.parametrize("name", [p for p in GUIDANCE_PAGES if p != "terminology.md"])
def test_rejected_terms_appear_only_on_the_terminology_page(name: str):
    assert not REJECTED.search((ROOT / "docs" / name).read_text(encoding="utf-8"))
    assert not front_matter(name).get("allow_rejected_terms")


def test_looking_after_yourself_offers_internal_and_public_support(built_site: Site):
    page = built_site.page("looking-after-yourself/")
    assert page.xpath('//article//div[@class="contact-card"][@data-role="employee_assistance"]')
    services = set(page.xpath('//article//div[@class="service-card"]/@data-service'))
    assert {"samaritans", "nspcc_helpline", "stop_it_now", "nspcc_whistleblowing"} <= services
    assert page.xpath('//article//a[@data-guidance="thinkuknow_csam"]')


def test_contacts_page_lists_the_outside_services(built_site: Site):
    page = built_site.page("contacts/")
    assert "Outside the organisation" in headings(page)
    services = set(page.xpath('//article//div[@class="service-card"]/@data-service'))
    # Every service that serves the organisation's nations, and no other (M5).
    ours = set(load_profile(ROOT / "organisation.yml").organisation.nations)
    assert services == {key for key, service in load_services(ROOT).services.items()
                        if ours & set(service.nations)}


# ── Every address from data ───────────────────────────────────────────────


@pytest.mark.parametrize("name", GUIDANCE_PAGES)
def test_guidance_pages_type_no_web_address(name: str):
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert re.findall(r"https?://|www\.", text) == [], "use a law or service macro"


def test_legislation_data_and_services_never_define_the_same_address():
    legislation = load_legislation(ROOT)
    ours = {str(e.url) for e in [*legislation.legislation.values(), *legislation.guidance.values()]}
    services = {str(s.url) for s in load_services(ROOT).services.values() if s.url}
    assert ours & services == set()
