"""The HR, manager, IT and staff-suspected guidance for each UK nation.

The real site for three profiles: Scotland alone and Northern Ireland alone
(the shared nation sites, tests/conftest.py), and England, Wales and Northern
Ireland together (built by this module). Each test reads the built HTML: a reader must see their own nation's
allegations route, referral body and law, and nothing from another nation
unlabelled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.htmlpages import Page, Site
from tests.sitebuild import ROOT, build

# An organisation in three nations, without Scotland.
MIXED = ["england", "wales", "northern-ireland"]

HR = "roles/hr-and-nominated-person/"
TEMPLATE = "policies/staff-suspected-of-possession/"
MANAGERS = "roles/managers/"
ROLES = "roles/"
IT = "roles/it-professionals/"
PREVENTION = "policies/prevention-controls/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory, request) -> dict[str, Site]:
    """Scotland and Northern Ireland alone are the nation sites (tests/conftest.py);
    England, Wales and Northern Ireland together is built here, first, so that
    this build runs while another worker may be building the nation sites."""
    where = tmp_path_factory.mktemp("nations")
    demo = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    profile = dict(demo, organisation=dict(demo["organisation"], nations=MIXED))
    path = where / "mixed.yml"
    path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    result = build(where / "mixed", profile=path)
    assert result.ok, f"mixed profile failed to build:\n{result.output}"
    nation_sites = request.getfixturevalue("nation_sites")
    return {"scotland": nation_sites["scotland"],
            "northern-ireland": nation_sites["northern-ireland"],
            "mixed": Site(where / "mixed")}


def unlabelled_text(page: Page) -> str:
    """The page's main text without the labelled per-nation blocks."""
    article = page.article
    # The Sources section lists the titles of the pages cited (references,
    # not routes), so it is left out too.
    for block in article.xpath('.//div[@class="nation-facts"] | .//section[@id="page-sources"]'):
        block.getparent().remove(block)
    return " ".join(article.text_content().split())


def blocks(page: Page) -> list[tuple[str, str, str]]:
    return [(b.get("data-topic"), b.get("data-nations"), " ".join(b.text_content().split()))
            for b in page.xpath('//article//div[@class="nation-facts"]')]


# ── Scotland: Disclosure Scotland and the national guidance, never the LADO ──


@pytest.mark.parametrize("url", [HR, TEMPLATE, MANAGERS, ROLES])
def test_scotland_pages_name_scottish_routes_and_no_english_ones(sites, url):
    text = sites["scotland"].page(url).text
    for english in ("LADO", "Local Authority Designated Officer", "local authority designated officer",
                    "Working Together", "Disclosure and Barring Service", "Keeping children safe"):
        assert english not in text, (url, english)
    assert "ask your local authority" not in text
    assert "police or social work" in text, url


@pytest.mark.parametrize("url", [HR, TEMPLATE])
def test_scotland_hr_pages_give_the_pvg_referral(sites, url):
    text = sites["scotland"].page(url).text
    assert "Disclosure Scotland" in text and "within 3 months" in text
    assert "General Teaching Council for Scotland" in text
    assert "Acas Code of Practice" in text


@pytest.mark.parametrize("url", [IT, PREVENTION])
def test_scotland_it_pages_never_offer_the_england_and_wales_memorandum(sites, url):
    text = sites["scotland"].page(url).text
    for words in ("memorandum of understanding", "MoU", "NPCC", "National Police Chiefs",
                  "section 1B"):
        assert words not in text, (url, words)
    assert ("Written authorisation records who asked; it does not make copying lawful") in text


def test_scotland_it_page_says_there_is_no_making_defence(sites):
    [(topic, nations, text)] = [b for b in blocks(sites["scotland"].page(IT))
                                if b[0] == "making_defence"]
    assert nations == "scotland" and text.startswith("In Scotland:")
    assert "no Scottish defence" in text


# ── Northern Ireland: Gateway, the PSNI, section 5 and the LRA code ─────────


@pytest.mark.parametrize("url", [HR, TEMPLATE, MANAGERS, ROLES])
def test_ni_pages_name_the_gateway_team_not_a_local_authority(sites, url):
    text = sites["northern-ireland"].page(url).text
    assert "Gateway" in text and "PSNI" in text, url
    for other in ("LADO", "local authority", "Designated Officer for Safeguarding",
                  "Disclosure Scotland"):
        assert other not in text, (url, other)


@pytest.mark.parametrize("url", [HR, TEMPLATE])
def test_ni_hr_pages_give_the_duty_to_tell_the_police_and_the_lra_code(sites, url):
    text = sites["northern-ireland"].page(url).text
    assert "Section 5 of the Criminal Law Act (Northern Ireland) 1967" in text
    assert "tell the PSNI yourself" in text
    assert "Labour Relations Agency" in text
    assert "(DBS)" in text  # Northern Ireland refers to the DBS, not AccessNI
    assert "AccessNI" not in text


def test_ni_it_page_gives_article_3a_and_no_memorandum(sites):
    text = sites["northern-ireland"].page(IT).text
    assert "Article 3A" in text
    assert "no Northern Ireland equivalent of the prosecutors' memorandum" in text
    assert "memorandum of understanding on how they treat" not in text


# ── Wales: the Designated Officer for Safeguarding and Keeping learners safe ─


@pytest.mark.parametrize("url", [HR, TEMPLATE])
def test_wales_hr_pages_name_the_welsh_procedures(sites, url):
    welsh = " ".join(text for _, nations, text in blocks(sites["mixed"].page(url))
                     if nations == "wales")
    assert "Designated Officer for Safeguarding" in welsh
    assert "Keeping learners safe" in welsh
    assert "Education Workforce Council" in welsh
    for other in ("LADO", "Keeping children safe", "Gateway"):
        assert other not in welsh, (url, other)
    assert "ask your local authority" not in sites["mixed"].page(url).text


# ── Several nations: each route labelled, none outside its label ─────────────


@pytest.mark.parametrize("url", [HR, TEMPLATE, MANAGERS, ROLES, IT])
def test_mixed_profile_labels_each_nations_route(sites, url):
    page = sites["mixed"].page(url)
    found = blocks(page)
    allegations = [(nations, text) for topic, nations, text in found if topic == "allegations"]
    if url != IT:
        assert [n for n, _ in allegations] == ["england", "wales", "northern-ireland"], url
        assert allegations[0][1].startswith("In England:") and "LADO" in allegations[0][1]
        assert allegations[1][1].startswith("In Wales:") and "LADO" not in allegations[1][1]
        assert allegations[2][1].startswith("In Northern Ireland:") and "Gateway" in allegations[2][1]
    # Outside the labelled blocks, no page names one nation's route.
    rest = unlabelled_text(page)
    for route in ("LADO", "Gateway", "Designated Officer for Safeguarding", "Disclosure Scotland",
                  "memorandum of understanding"):
        assert route not in rest, (url, route)


def test_mixed_profile_it_page_shows_both_defences_labelled(sites):
    found = [b for b in blocks(sites["mixed"].page(IT)) if b[0] == "making_defence"]
    assert [nations for _, nations, _ in found] == ["england wales", "northern-ireland"]
    assert found[0][2].startswith("In England and Wales:")
    assert "section 1B" in found[0][2].lower() or "Section 1B" in found[0][2]
    assert "memorandum of understanding" in found[0][2]
    assert "Article 3A" in found[1][2]


def test_policy_downloads_carry_the_nations_route(sites):
    """The Word version of the template is built from the same page."""
    import docx

    path = Path(sites["scotland"].root / "policies" / "staff-suspected-of-possession"
                / "staff-suspected-of-possession.docx")
    text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Disclosure Scotland" in text and "LADO" not in text


@pytest.mark.parametrize("stem", ["acceptable-use", "staff-awareness"])
def test_ni_policies_state_the_duty_to_tell_the_police(sites, stem):
    text = sites["northern-ireland"].page(f"policies/{stem}/").text
    assert "Criminal Law Act (Northern Ireland) 1967, section 5" in text
    assert "Confirm the current wording and any exceptions with your legal adviser" in text
    assert "memorandum of understanding" not in text
