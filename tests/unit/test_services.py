"""External services data and macros."""

from __future__ import annotations

import json

import lxml.html
import pytest
import yaml

from macros.datafiles import parse_data
from macros.errors import PageDataError
from macros.references import page_sources
from macros.services import (
    ServiceDirectory,
    ServicesError,
    load_services,
    service_card,
    service_link,
    service_phone,
    services_json_schema,
)
from tests.sitebuild import ROOT

SERVICES = load_services(ROOT)


def raw() -> dict:
    return yaml.safe_load((ROOT / "data" / "services.yml").read_text(encoding="utf-8"))


def test_every_service_has_a_source_a_date_and_a_way_to_reach_it():
    assert {"iwf", "police_emergency", "ceop", "nspcc_helpline", "childline",
            "report_remove", "stop_it_now", "inhope"} <= set(SERVICES.services)
    for key, service in SERVICES.services.items():
        assert service.sources, key
        assert service.phone or service.url, key


def test_police_numbers_cover_each_nation():
    by_nation = {
        n.value for key, s in SERVICES.services.items()
        if key.startswith("police_non_emergency") for n in s.nations
    }
    assert by_nation == {"england", "wales", "scotland", "northern-ireland"}
    assert SERVICES.services["police_emergency"].phone == "999"


def test_service_phone_and_link_macros():
    phone = lxml.html.fromstring(service_phone(SERVICES, "stop_it_now"))
    assert phone.get("href") == "tel:+448081000900" and phone.text_content() == "0808 1000 900"
    link = lxml.html.fromstring(service_link(SERVICES, "iwf"))
    assert link.get("href") == "https://www.iwf.org.uk/report"


def test_service_card_numbers_its_source_for_the_pages_sources_section():
    page_sources.clear()
    card = lxml.html.fromstring(service_card(SERVICES, "nspcc_helpline"))
    section = lxml.html.fromstring(page_sources.section())
    page_sources.clear()
    text = " ".join(card.text_content().split())
    assert "0808 800 5000" in text and "Checked on" not in text and "Source:" not in text
    assert card.xpath('.//a[@role="doc-noteref"]/@href') == ["#source-1"]
    entry = " ".join(section.xpath('//li[@id="source-1"]')[0].text_content().split())
    assert "NSPCC Helpline" in entry and "Checked on 28 November 2026" in entry
    assert "http://www.nspcc.org.uk/what-you-can-do/report-abuse/" in section.xpath(".//a/@href")


def test_unknown_service_is_a_page_error():
    with pytest.raises(PageDataError, match="unknown service 'iwff'"):
        service_card(SERVICES, "iwff")


def test_invalid_service_phone_is_rejected():
    data = raw()
    data["services"]["childline"]["phone"] = "0800 11"
    with pytest.raises(ServicesError, match=r"services\.childline\.phone: not a valid UK phone"):
        parse_data(data, "services.yml", ServiceDirectory, ServicesError)


def test_service_without_a_source_is_rejected():
    data = raw()
    data["services"]["iwf"]["sources"] = []
    with pytest.raises(ServicesError, match=r"services\.iwf\.sources"):
        parse_data(data, "services.yml", ServiceDirectory, ServicesError)


def test_services_schema_is_current():
    committed = json.loads((ROOT / "schema" / "services.schema.json").read_text(encoding="utf-8"))
    assert committed == services_json_schema(), "run `make schema` and commit the result"
