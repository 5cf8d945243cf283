"""Everything per organisation lives in the profile: the edit link, the base
path the site is served from, how often contacts are confirmed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from macros.build.contact_review import contact_reviews, overdue_lines
from macros.build.external_links import edit_link_problems, load_allowlist
from macros.profile import ProfileError, load_profile
from tests.htmlpages import Page, Site
from tests.sitebuild import ROOT, BuildResult, build, make_fixture_site, page_front_matter

DEMO = ROOT / "organisation.yml"


def demo_data() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def write_profile(where: Path, data: dict) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    path = where / "organisation.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(tmp_path: Path, data: dict) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        load_profile(write_profile(tmp_path, data))
    return caught.value.problems


# ── The profile's keys ────────────────────────────────────────────────────

def test_mkdocs_yml_holds_nothing_an_adopter_changes():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "site_url" not in config
    assert "edit_uri" not in config.get("extra", {})
    assert "repo_url" not in config and "edit_uri" not in config


def test_site_settings_are_optional_with_root_and_no_edit_link_by_default(tmp_path):
    data = demo_data()
    del data["site"]
    del data["contacts_confirmed_within_months"]
    profile = load_profile(write_profile(tmp_path, data))
    assert profile.site.edit_uri is None
    assert profile.site.base_path == "/"
    assert profile.contacts_confirmed_within_months == 12


@pytest.mark.parametrize("value", ["safeguarding/", "/safeguarding", "/a b/", "/../x/",
                                   "https://intranet.example.org/safeguarding/", "//x/"])
def test_a_base_path_must_be_a_path_from_slash_to_slash(tmp_path, value):
    data = demo_data()
    data["site"]["base_path"] = value
    [problem] = problems(tmp_path, data)
    assert problem.startswith("site.base_path: expected a path that starts and ends with '/'")


@pytest.mark.parametrize("value", ["https://github.com/org/repo/edit/main",
                                   "github.com/org/repo/edit/main/", "javascript:alert(1)//"])
def test_an_edit_uri_must_be_a_web_address_ending_in_slash(tmp_path, value):
    data = demo_data()
    data["site"]["edit_uri"] = value
    [problem] = problems(tmp_path, data)
    assert problem.startswith("site.edit_uri: ")


def test_edit_uri_on_a_domain_not_on_the_allowlist_names_the_profile_key(tmp_path):
    allowed = load_allowlist(ROOT / "data" / "external-links.yml")
    profile = tmp_path / "organisation.yml"
    assert edit_link_problems(profile, load_profile(DEMO).site.edit_uri, allowed) == []
    assert edit_link_problems(profile, None, allowed) == []
    assert edit_link_problems(
        profile, "https://git.elsewhere.example.net/org/repo/-/edit/main/", allowed) == [
        f"Organisation profile {profile}: site.edit_uri: domain git.elsewhere.example.net is not "
        "on the allowlist in data/external-links.yml (add it there with a reason)"]


# ── Contacts confirmed ────────────────────────────────────────────────────

def test_contacts_are_due_for_confirmation_after_the_profiles_months(tmp_path):
    data = demo_data()
    data["contacts"]["deputy"]["verified_on"] = dt.date(2025, 10, 1)
    data["contacts_confirmed_within_months"] = 12
    path = write_profile(tmp_path, data)
    profile = load_profile(path)
    assert overdue_lines(profile, path, dt.date(2026, 10, 1)) == []
    [line] = overdue_lines(profile, path, dt.date(2026, 10, 2))
    assert line == (f"Organisation profile {path}: contacts.deputy (Jo Sample): not confirmed "
                    "for more than 12 months (verified_on: 2025-10-01); check the details with "
                    "them, then set verified_on to that day")
    data["contacts_confirmed_within_months"] = 18
    longer = load_profile(write_profile(tmp_path, data))
    assert overdue_lines(longer, path, dt.date(2027, 1, 1)) == []
    assert contact_reviews(longer)[0].role == "deputy"  # soonest due first


def test_every_contact_needs_its_verified_on_date(tmp_path):
    data = demo_data()
    del data["contacts"]["hr"]["verified_on"]
    data["contacts"]["legal"]["verified_on"] = "last spring"
    found = problems(tmp_path, data)
    assert "contacts.hr.verified_on: missing (this key is required)" in found
    assert any(p.startswith("contacts.legal.verified_on: not a date: 'last spring'")
               for p in found), found


def test_review_report_lists_each_contact_with_the_pages_that_show_it(built_site: Site):
    page = built_site.page("about/review-report/")
    rows = {row.xpath("string(td[1])"): row for row in page.xpath("//table[.//th='Confirm by']//tr[td]")}
    assert set(rows) >= {"Nominated person: Sam Example", "HR: People team",
                         "Out of hours: Duty manager"}, list(rows)
    nominated = rows["Nominated person: Sam Example"]
    assert nominated.xpath("string(td[2])") == "28 November 2026"
    assert nominated.xpath("string(td[3])") == "28 November 2027"
    links = nominated.xpath("td[5]/a/@href")
    assert "../../contacts/" in links, links
    for href in links:  # each listed page really shows the contact's number
        assert "020 7946 0101" in Page(built_site.root / "about" / "review-report" / href
                                       / "index.html").html


# ── Builds with the settings: one fixture site, several profiles ──────────

PAGES = {"index.md": page_front_matter() + "# Test page\n\nCall {{ contact_phone('deputy') }}.\n",
         "deeper/page.md": page_front_matter("Deeper") + "# Deeper\n\n[Start](../index.md)\n"}


@dataclass
class Builds:
    sub_path: BuildResult
    warned: BuildResult
    released: BuildResult


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    where = tmp_path_factory.mktemp("adopter-settings")
    config = make_fixture_site(where / "src", PAGES)
    data = demo_data()
    data["site"] = {"base_path": "/safeguarding/"}  # and no edit link
    data["contacts"]["deputy"]["verified_on"] = "2024-06-30"
    profile = write_profile(where / "profile", data)
    monkey = pytest.MonkeyPatch()
    try:
        monkey.setenv("REVIEW_TODAY", "2026-11-28")
        sub_path = build(where / "sub-path", config_file=config, profile=profile)
        monkey.setenv("RELEASE", "1")
        released = build(where / "released", config_file=config, profile=profile, atomic=True)
    finally:
        monkey.undo()
    return Builds(sub_path, sub_path, released)


def test_not_found_page_links_start_with_the_base_path(builds: Builds):
    assert builds.sub_path.ok, builds.sub_path.output
    page = Page(builds.sub_path.site_dir / "404.html")
    links = [value for value in page.xpath("//@href | //@src")
             if not value.startswith(("#", "data:", "mailto:", "tel:"))]
    assert links, "the not-found page has no links?"
    assert [link for link in links if not link.startswith("/safeguarding/")] == []
    assert page.xpath('//a[@href="/safeguarding/"][contains(., "Go to the start page")]')
    stylesheets = page.xpath('//link[@rel="stylesheet"]/@href')
    assert any(href.startswith("/safeguarding/assets/stylesheets/main.") for href in stylesheets)


def test_other_pages_keep_relative_links_under_a_base_path(builds: Builds):
    page = Page(builds.sub_path.site_dir / "deeper" / "page" / "index.html")
    assert page.xpath('//a[@href="../../"][.="Start"]')
    assert not [v for v in page.xpath("//a/@href | //script/@src | //link/@href")
                if v.startswith("/") and not v.startswith("/safeguarding/")]


def test_no_edit_link_without_site_edit_uri(builds: Builds):
    for name in ("index.html", "deeper/page/index.html", "404.html"):
        page = Page(builds.sub_path.site_dir / name)
        assert not page.xpath('//*[contains(@class, "edit-link")]'), name
        assert "github.com" not in page.html, name


def test_a_stale_contact_warns_in_a_build_and_stops_a_release(builds: Builds):
    warning = ("contacts.deputy (Jo Sample): not confirmed for more than 12 months "
               "(verified_on: 2024-06-30)")
    assert builds.warned.ok
    assert "WARNING  -  Organisation profile " in builds.warned.output
    assert warning in builds.warned.output
    assert not builds.released.ok
    assert warning in builds.released.output and "RELEASE=1 refuses it" in builds.released.output
    assert "Traceback" not in builds.released.output
    assert not builds.released.site_dir.exists()
