"""What differs between the UK nations: data/nations.yml, its checks and the
nation_facts() macro. No build: the macros are called directly."""

from __future__ import annotations

import copy

import lxml.html
import pytest
import yaml

from macros.errors import PageDataError
from macros.nations import (
    TOPICS,
    NationBook,
    NationsError,
    check_nations,
    load_nations,
    nation_facts,
    police_service,
)
from macros.profile import Nation, load_profile, parse_profile
from macros.services import load_services
from macros.sources import load_sources
from tests.sitebuild import ROOT

SERVICES = load_services(ROOT)
SOURCES = load_sources(ROOT, SERVICES)
NATIONS = load_nations(ROOT, SERVICES, SOURCES)
RAW = yaml.safe_load((ROOT / "data" / "nations.yml").read_text(encoding="utf-8"))
DEMO = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))


def profile_in(*nations: str):
    data = copy.deepcopy(DEMO)
    data["organisation"]["nations"] = list(nations)
    return parse_profile(data, "test.yml")


def blocks(profile, topic: str):
    tree = lxml.html.fragment_fromstring(
        nation_facts(profile, NATIONS, SOURCES, SERVICES, topic), create_parent="div")
    return [(block.get("data-nations"), " ".join(block.text_content().split()))
            for block in tree.xpath('./div[@class="nation-facts"]')]


def test_each_nation_has_its_own_police():
    assert police_service(NATIONS, Nation.ENGLAND) == "police_non_emergency_england_wales"
    assert police_service(NATIONS, Nation.WALES) == "police_non_emergency_england_wales"
    assert police_service(NATIONS, Nation.SCOTLAND) == "police_non_emergency_scotland"
    assert police_service(NATIONS, Nation.NORTHERN_IRELAND) == (
        "police_non_emergency_northern_ireland")


def test_an_organisation_in_one_nation_still_sees_the_label():
    [(nations, text)] = blocks(profile_in("scotland"), "duty_to_refer")
    assert nations == "scotland"
    assert text.startswith("In Scotland:")
    assert "Disclosure Scotland" in text and "3 months" in text and "DBS" not in text


def test_nations_with_the_same_facts_share_one_label():
    found = blocks(profile_in("england", "wales", "scotland"), "duty_to_refer")
    assert [nations for nations, _ in found] == ["england wales", "scotland"]
    assert found[0][1].startswith("In England and Wales:") and "(DBS)" in found[0][1]
    allegations = blocks(profile_in("england", "wales"), "allegations")
    assert [text.split(":")[0] for _, text in allegations] == ["In England", "In Wales"]
    assert "LADO" in allegations[0][1] and "LADO" not in allegations[1][1]
    assert "Designated Officer for Safeguarding" in allegations[1][1]


def test_each_nation_names_its_own_route_and_no_other():
    expected = {
        "england": ("LADO", ["Designated Officer for Safeguarding", "Gateway", "Disclosure Scotland"]),
        "wales": ("Wales Safeguarding Procedures", ["LADO", "Gateway", "Disclosure Scotland"]),
        "scotland": ("police or social work", ["LADO", "Gateway", "Designated Officer"]),
        "northern-ireland": ("Gateway", ["LADO", "Designated Officer", "Disclosure Scotland"]),
    }
    for nation, (own, others) in expected.items():
        text = " ".join(text for _, topic in [(0, t) for t in TOPICS[1:]]
                        for _, text in blocks(profile_in(nation), topic))
        assert own in text, nation
        for other in others:
            assert other not in text, (nation, other)


def test_northern_ireland_states_the_section_5_duty_to_tell_the_police():
    [(_, text)] = blocks(profile_in("northern-ireland"), "duty_to_report")
    assert "Section 5 of the Criminal Law Act (Northern Ireland) 1967" in text
    assert "tell the PSNI yourself" in text and "check with your legal adviser" in text


def test_england_marks_the_new_reporting_duty_as_not_confirmed():
    [(_, text)] = blocks(profile_in("england"), "duty_to_report")
    assert "Crime and Policing Act 2026" in text and "check with your legal adviser" in text


def test_police_blocks_show_the_nations_service_card():
    found = blocks(profile_in("england", "northern-ireland"), "police")
    assert [nations for nations, _ in found] == ["england", "northern-ireland"]
    assert "PSNI" in found[1][1] and "101" in found[1][1]


def test_every_statement_carries_a_source_reference_or_says_check():
    for nation in Nation:
        for topic in TOPICS[1:]:
            tree = lxml.html.fragment_fromstring(
                nation_facts(profile_in(nation.value), NATIONS, SOURCES, SERVICES, topic),
                create_parent="div")
            for block in tree.xpath('./div[@class="nation-facts"]'):
                text = " ".join(block.text_content().split())
                cited = block.xpath('.//a[contains(@class, "source-ref")]')
                assert cited or "check with your legal adviser" in text.lower(), (nation, topic)


def test_an_unknown_topic_is_one_line_naming_the_topics():
    with pytest.raises(PageDataError, match=r"unknown topic 'lado' \(expected one of: police, "):
        nation_facts(load_profile(ROOT / "organisation.yml"), NATIONS, SOURCES, SERVICES, "lado")


def broken(change) -> list[str]:
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(NationsError) as caught:
        check_nations(NationBook.model_validate(data), SERVICES, SOURCES)
    assert "\n" not in str(caught.value)
    return caught.value.problems


def test_mistakes_in_the_data_name_the_key():
    def unsourced(d):
        d["nations"]["wales"]["allegations"][0]["sources"] = []
    assert broken(unsourced) == [
        "nations.wales.allegations.0: needs a source, or must say 'check with your legal adviser'"]

    def wrong_police(d):
        d["nations"]["scotland"]["police"] = "police_non_emergency_northern_ireland"
    assert broken(wrong_police) == [
        "nations.scotland.police: service 'police_non_emergency_northern_ireland' does not "
        "serve Scotland"]

    def missing_nation(d):
        del d["nations"]["wales"]
    assert broken(missing_nation) == ["nations.wales: missing (every nation needs its facts)"]

    def unknown_source(d):
        d["nations"]["england"]["regulators"][0]["sources"] = ["tra"]
    assert broken(unknown_source) == ["nations.england.regulators.0.sources: unknown source 'tra'"]


def test_a_missing_topic_or_markup_is_refused_by_the_model():
    data = copy.deepcopy(RAW)
    del data["nations"]["england"]["regulators"]
    with pytest.raises(ValueError, match="regulators"):
        NationBook.model_validate(data)
    data = copy.deepcopy(RAW)
    data["nations"]["england"]["allegations"][0]["text"] = "Call <b>now</b>"
    with pytest.raises(ValueError, match="plain words"):
        NationBook.model_validate(data)
