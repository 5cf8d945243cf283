"""Legislation data (data/legislation.yml), its model and the law macros."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from macros.datafiles import parse_data
from macros.errors import PageDataError
from macros.law import (
    LegislationData,
    LegislationError,
    guidance_link,
    jurisdiction_note,
    law_checked_on,
    law_links,
    law_sources,
    legislation_json_schema,
    legislation_link,
    legislation_source,
    load_legislation,
)
from macros.profile import Jurisdiction, load_profile
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

DATA = load_legislation(ROOT)
PROFILE = load_profile(ROOT / "organisation.yml")


def raw() -> dict:
    return yaml.safe_load((ROOT / "data" / "legislation.yml").read_text(encoding="utf-8"))


# The nation that stands for each legal system in these tests.
_NATION_OF = {"england-and-wales": "england", "scotland": "scotland",
              "northern-ireland": "northern-ireland"}


def profile_for(*jurisdictions: str):
    data = PROFILE.model_dump(mode="json")
    data["organisation"]["nations"] = [_NATION_OF[j] for j in jurisdictions]
    return type(PROFILE).model_validate(data)


# ── The data ──────────────────────────────────────────────────────────────


def test_every_jurisdiction_has_legislation_on_legislation_gov_uk():
    for jurisdiction in Jurisdiction:
        entries = [e for e in DATA.legislation.values() if jurisdiction in e.jurisdictions]
        assert len(entries) >= 3, jurisdiction
    for key, entry in DATA.legislation.items():
        assert str(entry.url).startswith("https://www.legislation.gov.uk/"), key
        assert entry.sources and entry.covers, key


def test_scotland_is_outside_the_making_defence():
    assert Jurisdiction.SCOTLAND not in DATA.legislation["soa_2003_s46"].jurisdictions
    assert Jurisdiction.SCOTLAND not in DATA.legislation["cjca_2009_s62"].jurisdictions


def problem(data: dict) -> str:
    with pytest.raises(LegislationError) as caught:
        parse_data(data, "data/legislation.yml", LegislationData, LegislationError)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("Legislation file data/legislation.yml: ")
    return message


def test_legislation_address_must_be_on_legislation_gov_uk():
    data = raw()
    data["legislation"]["pca_1978_s1"]["url"] = "https://example.org/pca/section/1"
    assert "legislation.pca_1978_s1.url: must be an https://www.legislation.gov.uk/ address" in problem(data)


def test_missing_checked_date_names_the_key():
    data = raw()
    del data["legislation"]["cgsa_1982_s52a"]["checked_on"]
    assert "legislation.cgsa_1982_s52a.checked_on: missing" in problem(data)


def test_checked_date_cannot_be_in_the_future():
    data = raw()
    data["guidance"]["iwf_top_tips"]["checked_on"] = dt.date.today() + dt.timedelta(days=1)
    assert "guidance.iwf_top_tips.checked_on:" in problem(data)
    assert "is in the future" in problem(data)


def test_unknown_jurisdiction_and_misspelt_key():
    data = raw()
    data["legislation"]["pcnio_1978_art3"]["jurisdictions"] = ["wales"]
    assert "legislation.pcnio_1978_art3.jurisdictions.0: 'wales' is not allowed" in problem(data)
    data = raw()
    data["legislation"]["pcnio_1978_art3"]["sauces"] = data["legislation"]["pcnio_1978_art3"].pop("sources")
    assert "legislation.pcnio_1978_art3.sauces: unknown key" in problem(data)


def test_an_address_defined_twice_is_rejected(tmp_path):
    data = raw()
    data["guidance"]["cps_copy"] = dict(data["guidance"]["cps_npcc_mou"])
    path = tmp_path / "data" / "legislation.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(LegislationError, match=r"guidance\.cps_copy\.url: same address as guidance\.cps_npcc_mou"):
        load_legislation(tmp_path)


def test_legislation_schema_is_current():
    committed = json.loads((ROOT / "schema" / "legislation.schema.json").read_text(encoding="utf-8"))
    assert committed == legislation_json_schema(), "run `make schema` and commit the result"


# ── The macros ────────────────────────────────────────────────────────────


def test_legislation_and_guidance_links_come_from_the_data():
    link = lxml.html.fromstring(legislation_link(DATA, "cja_1988_s160"))
    assert link.get("href") == "https://www.legislation.gov.uk/ukpga/1988/33/section/160"
    assert link.text_content() == "Criminal Justice Act 1988, section 160"
    assert lxml.html.fromstring(guidance_link(DATA, "cps_npcc_mou", "the memorandum")).text_content() \
        == "the memorandum"
    source = lxml.html.fromstring(legislation_source(DATA, "osa_2023_s66")).text_content()
    assert "crimeline.co.uk" in source and "Checked on" in source


def test_unknown_keys_are_page_errors():
    with pytest.raises(PageDataError, match="unknown legislation 'pca_1978'"):
        legislation_link(DATA, "pca_1978")
    with pytest.raises(PageDataError, match="unknown guidance 'iwf'"):
        guidance_link(DATA, "iwf")
    with pytest.raises(PageDataError, match="unknown jurisdiction 'wales'"):
        law_sources(DATA, "wales")


def test_law_sources_lists_only_that_jurisdiction():
    html = lxml.html.fromstring(law_sources(DATA, "scotland"))
    keys = set(html.xpath("//a/@data-legislation"))
    assert "cgsa_1982_s52a" in keys and "pca_1978_s1" not in keys and "soa_2003_s46" not in keys


def test_checked_on_is_the_oldest_date():
    data = DATA.model_copy(deep=True)
    data.legislation["cgsa_1982_s52"] = data.legislation["cgsa_1982_s52"].model_copy(
        update={"checked_on": dt.date(2026, 1, 2)})
    assert "2 January 2026" in law_checked_on(data, "scotland")
    assert "2 January 2026" in law_checked_on(data)
    assert "2 January 2026" not in law_checked_on(data, "england-and-wales")


def link_lines(markdown: str) -> list[tuple[str, str, bool]]:
    found = re.findall(r"\[The law in ([^\]]+)\]\(([^)]+)\)[^\n]*", markdown)
    return [(name, target, "applies to your organisation" in line)
            for (name, target), line in zip(found, markdown.splitlines())]


def test_law_links_put_a_scottish_organisation_first():
    lines = link_lines(law_links(profile_for("scotland"), "index.md"))
    assert lines == [
        ("Scotland", "law/scotland.md", True),
        ("England and Wales", "law/england-and-wales.md", False),
        ("Northern Ireland", "law/northern-ireland.md", False),
    ]


def test_law_links_follow_the_profile_order_and_the_page_location():
    lines = link_lines(law_links(profile_for("northern-ireland", "england-and-wales"), "law/index.md"))
    assert lines == [
        ("Northern Ireland", "northern-ireland.md", True),
        ("England and Wales", "england-and-wales.md", True),
        ("Scotland", "scotland.md", False),
    ]
    assert "](../law/scotland.md)" in law_links(PROFILE, "roles/managers.md")


def test_jurisdiction_note_follows_the_profile():
    scottish = profile_for("scotland")
    assert "Applies to your organisation" in jurisdiction_note(scottish, "scotland")
    assert "for reference" in jurisdiction_note(scottish, "england-and-wales")


# ── The built site ────────────────────────────────────────────────────────

LAW_PAGES = ["law/", "law/england-and-wales/", "law/scotland/", "law/northern-ireland/"]


def test_law_index_highlights_the_demonstration_jurisdiction(built_site: Site):
    page = built_site.page("law/")
    applies = page.xpath('//article//a[contains(@class, "law-link--applies")]/@data-jurisdiction')
    assert applies == [j.value for j in PROFILE.organisation.jurisdictions]
    assert set(page.xpath('//article//a[contains(@class, "law-link")]/@data-jurisdiction')) == {
        j.value for j in Jurisdiction}


def known_addresses() -> set[str]:
    urls = {str(e.url) for e in DATA.legislation.values()} | {str(e.url) for e in DATA.guidance.values()}
    return urls | {str(u) for e in DATA.legislation.values() for u in e.sources}


def test_every_legislation_and_cps_link_on_the_site_comes_from_the_data(built_site: Site):
    known = known_addresses()
    seen = 0
    for page in built_site.pages():
        for href in page.xpath("//article//a/@href"):
            if "legislation.gov.uk" in href or "cps.gov.uk" in href:
                seen += 1
                assert href in known, (page.path, href)
    assert seen > 20


def test_no_legislation_or_cps_address_is_typed_in_a_page():
    typed = re.compile(r"(legislation(\.data)?\.gov\.uk|cps\.gov\.uk)/", re.I)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")
                 if typed.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], "use legislation_link() or guidance_link() from data/legislation.yml"


# ── Failure modes in a real build ─────────────────────────────────────────


def fixture_with_data(tmp_path: Path, pages: dict[str, str], legislation_text: str | None = None):
    config = make_fixture_site(tmp_path / "src", pages)
    if legislation_text is not None:
        data_dir = tmp_path / "src" / "data"
        data_dir.unlink()
        shutil.copytree(ROOT / "data", data_dir)
        (data_dir / "legislation.yml").write_text(legislation_text, encoding="utf-8")
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def test_invalid_legislation_data_stops_the_build_with_one_line(tmp_path):
    text = (ROOT / "data" / "legislation.yml").read_text(encoding="utf-8").replace(
        "url: https://www.legislation.gov.uk/ukpga/1982/45/section/52A",
        "url: https://www.example.org/ukpga/1982/45/section/52A")
    page = page_front_matter() + "# Start\n"
    result = fixture_with_data(tmp_path, {"index.md": page}, text)
    assert not result.ok and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "legislation.yml" in line]
    assert len(lines) == 1, result.output
    assert "legislation.cgsa_1982_s52a.url: must be an https://www.legislation.gov.uk/ address" in lines[0]


def test_unknown_legislation_key_in_a_page_names_the_page(tmp_path):
    page = page_front_matter() + "# Start\n\nSee {{ legislation_link('pca_1987_s1') }}.\n"
    result = fixture_with_data(tmp_path, {"index.md": page})
    assert not result.ok and "Traceback" not in result.output
    assert "docs/index.md: unknown legislation 'pca_1987_s1'" in result.output
