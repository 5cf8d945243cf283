"""The start page and the "what to do" pages: routes, contacts, citations."""

from __future__ import annotations

import copy

import lxml.html
import pytest
import yaml

from macros.errors import PageDataError
from macros.profile import load_profile, parse_profile
from macros.routing import (
    RouteBook,
    RoutesError,
    Routing,
    check_references,
    do_now,
    load_routes,
    never_do_extra,
    who_to_tell,
)
from macros.content_rules import Checker, load_rules
from macros.nations import load_nations
from macros.routing import escalation_line, never_do_for, report_yourself_line, route_steps
from macros.services import load_services
from macros.build.situation_checks import situation_problems
from macros.references import page_sources
from macros.sources import SourcesError, cite, load_sources
from macros.triage import load_triage
from tests.htmlpages import Site
from tests.sitebuild import ROOT

PROFILE = load_profile(ROOT / "organisation.yml")
SERVICES = load_services(ROOT)
SOURCES = load_sources(ROOT, SERVICES)
ROUTES = load_routes(ROOT, SERVICES, SOURCES)
NATIONS = load_nations(ROOT, SERVICES, SOURCES)
ROUTING = Routing(PROFILE, SERVICES, SOURCES, ROUTES, NATIONS)
RAW_ROUTES = yaml.safe_load((ROOT / "data" / "routes.yml").read_text(encoding="utf-8"))

SITUATIONS = [key for key, route in ROUTES.routes.items() if route.page]
# An outcome page does one job: the steps, the never-do list, who to tell;
# then support. Background is one link away (what-happens-next.md).
SECTIONS = ["Do this now", "Never do this", "Who to tell"]


def html(fragment: str):
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


# ── Macros ─────────────────────────────────────────────────────────────────


def test_who_to_tell_puts_the_organisation_first_then_external_services():
    tree = html(who_to_tell(ROUTING, "seen-online"))
    lists = [el.get("class") for el in tree.xpath("//ol")]
    assert lists == ["who-to-tell__inside", "who-to-tell__outside"]
    assert tree.xpath('//ol[1]//div[@class="contact-card"]/@data-role') == [
        "nominated_person", "deputy", "out_of_hours"]
    assert tree.xpath('//ol[2]//div[@class="service-card"]/@data-service') == ["iwf"]


def test_external_services_follow_the_organisations_nations():
    raw = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    raw["organisation"]["nations"] = ["scotland"]
    scottish = Routing(parse_profile(raw, "scottish.yml"), SERVICES, SOURCES, ROUTES, NATIONS)
    shown = html(who_to_tell(scottish, "saved-on-work-device")).xpath("//@data-service")
    assert shown == ["police_non_emergency_scotland"]
    shown = html(who_to_tell(ROUTING, "saved-on-work-device")).xpath("//@data-service")
    assert shown == ["police_non_emergency_england_wales"]


def test_every_route_names_only_known_contacts_and_services():
    for key, route in ROUTES.routes.items():
        for item in route.organisation:
            PROFILE.contact(item.role)
        for item in route.external:
            assert item.service == "police" or item.service in SERVICES.services, key


def test_a_route_naming_an_unknown_service_is_refused():
    raw = copy.deepcopy(RAW_ROUTES)
    raw["routes"]["seen-online"]["external"][0]["service"] = "iwf_hotline"
    with pytest.raises(RoutesError, match=r"routes.seen-online.external.0.service: unknown service"):
        check_references(RouteBook.model_validate(raw), SERVICES, SOURCES)


def test_a_route_naming_an_unknown_role_is_refused():
    raw = copy.deepcopy(RAW_ROUTES)
    raw["routes"]["colleague-tells-you"]["organisation"][0]["role"] = "safeguarding_lead"
    with pytest.raises(ValueError, match="unknown contact role 'safeguarding_lead'"):
        RouteBook.model_validate(raw)


def test_unknown_situation_or_source_names_the_key():
    with pytest.raises(PageDataError, match="unknown situation 'seen-on-tv'"):
        do_now(ROUTING, "seen-on-tv")
    with pytest.raises(PageDataError, match="unknown source 'blog'"):
        cite(SOURCES, SERVICES, "blog")


def test_route_text_is_text_never_markup():
    raw = copy.deepcopy(RAW_ROUTES)
    raw["routes"]["seen-online"]["do_now"][0]["text"] = "<b>Bold</b> {{ 7*7 }} *x*"
    raw["routes"]["seen-online"]["never_do_extra"][0] = "<script>x</script>"
    routing = Routing(PROFILE, SERVICES, SOURCES, RouteBook.model_validate(raw), NATIONS)
    out = do_now(routing, "seen-online") + never_do_extra(routing, "seen-online")
    assert "<b>" not in out and "<script>" not in out and "{{" not in out and "*x*" not in out
    assert "<b>Bold</b> {{ 7*7 }} *x*" in html(out).text_content()


def test_each_web_address_is_defined_once():
    service_urls = {str(u) for s in SERVICES.services.values() for u in [s.url, *s.sources] if u}
    for key, source in SOURCES.sources.items():
        assert str(source.url) not in service_urls, f"{key}: cite the service instead"


def _urls(node, where: str):
    """(url, where) for every `url:` key in a loaded YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url" and isinstance(value, str):
                yield value.rstrip("/"), where
            else:
                yield from _urls(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _urls(value, f"{where}.{i}")


def test_no_address_is_given_a_url_entry_twice_across_data_files():
    seen: dict[str, str] = {}
    for path in sorted((ROOT / "data").glob("*.yml")):
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        for url, where in _urls(tree, path.name):
            assert url not in seen, f"{url} is defined in {seen[url]} and {where}"
            seen[url] = where


def test_every_step_and_contact_source_resolves():
    for route in ROUTES.routes.values():
        for item in [*route.do_now, *route.organisation, *route.external]:
            for key in item.sources:
                assert cite(SOURCES, SERVICES, key).startswith('<span class="source-refs">')


# ── Built pages ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("key", SITUATIONS)
def test_situation_pages_share_one_structure(built_site: Site, key: str):
    route = ROUTES.routes[key]
    page = built_site.page(route.page.removesuffix(".md") + "/")
    headings = [h.text_content().replace("¶", "").strip() for h in page.xpath("//article//h2")]
    assert headings[:3] == SECTIONS, key
    assert "Look after yourself" in headings and "What happens next" not in headings, key
    article = page.article
    first_h2 = article.xpath(".//h2")[0]
    emergency = article.xpath('.//p[@class="emergency"]')[0]
    # The 999 line comes before everything else on the page.
    assert list(article.iter()).index(emergency) < list(article.iter()).index(first_h2)
    assert article.xpath('.//ol[@class="do-now"]/li'), key
    assert article.xpath('.//div[@class="never-do"]'), key
    assert article.xpath('.//div[@class="who-to-tell"]//div[@class="contact-card"]'), key
    assert "../../looking-after-yourself/" in page.xpath("//article//a/@href"), key
    assert article.xpath('.//ol[@class="do-now"]//a[@role="doc-noteref"]'), key
    assert article.xpath('.//section[@id="page-sources"]//a[starts-with(@href, "http")]'), key
    assert page.xpath("//article//h1")[0].text_content().replace("¶", "").strip() == route.title


@pytest.mark.parametrize("key", SITUATIONS)
def test_background_is_one_link_away_and_links_back(built_site: Site, key: str):
    """Each outcome page (the situation's page and its triage outcome) ends by
    linking to its own section of "What happens next, and why", which leads
    back to the steps."""
    route = ROUTES.routes[key]
    outcomes = [built_site.page(route.page.removesuffix(".md") + "/")] + [
        page for page in built_site.pages() if "/triage/" in page.path.as_posix()
        and page.xpath(f'//ol[@class="do-now"][@data-scenario="{key}"]')]
    assert len(outcomes) >= 2, key
    for page in outcomes:
        url = page.path.relative_to(built_site.root)
        links = page.xpath('//article//p[contains(@class, "background-links")]//a')
        assert links and links[0].text_content() == "What happens next, and why", url
        assert links[0].get("href").endswith(f"what-happens-next/#{key}"), url
    heading = built_site.page("what-happens-next/").xpath(f'//article//h2[@id="{key}"]')
    assert heading, key
    hrefs = []
    for element in heading[0].itersiblings():
        if element.tag == "h2":
            break
        hrefs += element.xpath(".//a/@href")
    assert f"../{route.page.removesuffix('.md')}/" in hrefs, (key, hrefs)


def test_start_page_first_screen(built_site: Site):
    page = built_site.page("")
    article = page.article
    assert article.xpath('.//p[@class="emergency"]//a[@href="tel:999"]')
    assert article.xpath('.//div[@class="never-do"]')
    roles = article.xpath('.//div[@class="contact-card"]/@data-role')
    assert roles[:3] == ["nominated_person", "deputy", "out_of_hours"]
    hrefs = page.xpath("//article//a/@href")
    for target in ("triage/", "roles/all-staff/", "roles/managers/", "roles/it-professionals/",
                   "roles/hr-and-nominated-person/", "looking-after-yourself/", "contacts/"):
        assert target in hrefs, target
    for key in SITUATIONS:
        assert ROUTES.routes[key].page.removesuffix(".md") + "/" in hrefs, key


def test_online_safety_act_status_is_stated_with_sources(built_site: Site):
    # The step names the duty; its status is background, one link away.
    steps = built_site.page("what-to-do/on-our-online-service/").xpath('//ol[@class="do-now"]')[0]
    assert "Online Safety Act duty to report to the National Crime Agency" in steps.text_content()
    page = built_site.page("what-happens-next/")
    text = page.text
    assert "7 April 2026" in text and "check with your legal adviser" in text
    assert "not apply to ordinary employers" in text
    hrefs = page.xpath("//article//a/@href")
    assert "https://www.legislation.gov.uk/uksi/2026/268/regulation/2/made" in hrefs


def test_cite_also_accepts_legislation_and_guidance_keys(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yml").write_text(
        "sources:\n  extra:\n    title: A page\n    publisher: Example\n"
        "    url: https://example.org/page\n    covers: A fact.\n    checked_on: 2026-11-01\n",
        encoding="utf-8")
    law = ("legislation:\n  act_s1:\n    title: Example Act, section 1\n"
           "    url: https://www.legislation.gov.uk/ukpga/1/1\n    covers: An offence.\n"
           "    checked_on: 2026-11-01\n    jurisdictions: [scotland]\n"
           "    sources: [https://www.legislation.gov.uk/ukpga/1/1]\n"
           "guidance: {}\n")
    (tmp_path / "data" / "legislation.yml").write_text(law, encoding="utf-8")
    sources = load_sources(tmp_path, SERVICES)
    page_sources.clear()
    cite(sources, SERVICES, "act_s1")
    assert "Example Act, section 1" in page_sources.section()
    page_sources.clear()
    cite(sources, SERVICES, "extra")
    assert "A page" in page_sources.section()
    page_sources.clear()
    (tmp_path / "data" / "legislation.yml").write_text(law.replace("act_s1", "extra"),
                                                       encoding="utf-8")
    with pytest.raises(SourcesError, match="sources.extra: already defined in data/legislation.yml"):
        load_sources(tmp_path, SERVICES)


# ── The reporting model's rules ────────────────────────────────────────────


def routing_in(*nations: str) -> Routing:
    raw = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    raw["organisation"]["nations"] = list(nations)
    return Routing(parse_profile(raw, "test.yml"), SERVICES, SOURCES, ROUTES, NATIONS)


def texts(fragment: str) -> str:
    return " ".join(html(fragment).text_content().split())


def test_every_incident_route_has_the_escalation_and_report_yourself_lines():
    for key, route in ROUTES.routes.items():
        tree = html(who_to_tell(ROUTING, key))
        has_lines = bool(tree.xpath('//div[@class="escalation"]')) and bool(
            tree.xpath('//p[@class="report-yourself"]'))
        assert has_lines == (route.kind == "incident"), key
    line = texts(escalation_line(ROUTING))
    assert "If your concern is about the nominated person" in line
    assert PROFILE.contact("escalation").name in line and "straight to the police" in line
    direct = texts(report_yourself_line(ROUTING))
    assert "anyone may tell the police themselves" in direct and "IWF" in direct
    assert "only if" not in direct  # M4: direct reporting is never discouraged


def test_a_self_referral_page_gets_its_own_never_do_list():
    own = texts(never_do_for(ROUTING, "worried-about-own-thoughts"))
    assert "warn the person you suspect" not in own and "investigate" not in own
    assert "Do not look for more images." in own
    standard = texts(never_do_for(ROUTING, "seen-online"))
    assert "Do not tell or warn the person you suspect." in standard
    assert "Copying or writing down the web address is fine." in standard  # m7


def test_police_steps_resolve_to_each_nations_police():
    scotland = texts(do_now(routing_in("scotland"), "saved-on-work-device"))
    assert "Police Scotland non-emergency number" in scotland
    assert "PSNI" not in scotland and "Your local police force" not in scotland
    several = texts(do_now(routing_in("england", "northern-ireland"), "saved-on-work-device"))
    assert "in England: Your local police force" in several
    assert "in Northern Ireland: PSNI non-emergency number" in several
    # A step for one nation only is shown there, labelled.
    assert "In Northern Ireland: The law says" in several
    assert "The law says" not in texts(do_now(ROUTING, "saved-on-work-device"))


def test_seen_online_has_one_order_for_iwf_reporting():
    """M6: tell the nominated person; they report the same day; if you cannot
    reach them, report it yourself."""
    steps = html(do_now(ROUTING, "seen-online")).xpath("//li")
    who = [li.get("data-who") for li in steps]
    assert who[:4] == ["you", "you", "nominated_person", "you"]
    text = [" ".join(li.text_content().split()) for li in steps]
    assert text[1].startswith("Tell the nominated person straight away")
    assert "IWF the same day" in text[2] and "yourself" in text[3]
    assert "close the page" in text[0] and "someone else's screen" in text[0]  # M1


def test_own_online_service_takes_content_out_of_public_view_first():
    """C1: out of public view at the nominated person's direction, never purged,
    kept with its metadata, then reported."""
    steps = [" ".join(li.text_content().split())
             for li in html(route_steps(ROUTING, "on-our-online-service", "it")).xpath("//li")]
    assert "out of public view" in steps[0] and "Never purge it" in steps[0]
    assert "metadata" in steps[1] and "who did it" in steps[1]


def test_take_down_wording_is_allowed_on_the_own_service_route_only():
    checker = Checker(load_rules(ROOT))
    sentence = "<p>Take the content out of public view at once.</p>"
    for page in ("what-to-do/on-our-online-service.md", "triage/on-our-online-service.md"):
        assert checker.check_page(sentence, page, {}) == []
    found = checker.check_page(sentence, "what-to-do/seen-online.md", {})
    assert [f.rule for f in found] == ["take-down"]


def test_shared_drives_are_restricted_by_permissions_on_police_advice():
    """M9."""
    steps = texts(route_steps(ROUTING, "saved-on-work-device", "it"))
    assert "changing permissions only" in steps and "on police advice" in steps
    assert "suspend automatic deletion, retention and sync" in steps


def test_unknown_actor_is_one_line():
    with pytest.raises(PageDataError, match="unknown actor 'hr'"):
        route_steps(ROUTING, "seen-online", "hr")


def test_an_incomplete_situation_is_named_with_what_is_missing(tmp_path):
    docs = tmp_path / "docs"
    (docs / "what-to-do").mkdir(parents=True)
    for key, route in ROUTES.routes.items():
        if route.page:
            (docs / route.page).write_text(
                f"---\ntitle: {route.title}\n---\n\n# {route.title}\n", encoding="utf-8")
    (docs / "index.md").write_text("{{ situation_links() }}\n", encoding="utf-8")
    background = "".join(f"## {route.title} {{ #{key} }}\n\nWhy.\n\n"
                         for key, route in ROUTES.routes.items() if route.page)
    (docs / "what-happens-next.md").write_text(background, encoding="utf-8")
    nav = {route.page for route in ROUTES.routes.values() if route.page}
    triage = load_triage(ROOT, ROUTES)
    assert situation_problems(docs, nav, ROUTES, triage) == []
    # Break one of each: H1, nav line, start-page link, triage outcome, background.
    (docs / "what-happens-next.md").write_text(
        background.replace("{ #live-stream }", "{ #livestream }"), encoding="utf-8")
    (docs / "what-to-do/live-stream.md").write_text(
        "---\ntitle: You saw a live stream\n---\n\n# Live streams\n", encoding="utf-8")
    (docs / "index.md").write_text("[x](what-to-do/seen-online.md)\n", encoding="utf-8")
    outcomes = {k: o for k, o in triage.outcomes.items() if o.route != "sextortion"}
    fewer = triage.model_copy(update={"outcomes": outcomes})
    problems = situation_problems(docs, nav - {"what-to-do/not-sure.md"}, ROUTES, fewer)
    assert ("data/routes.yml: situation 'live-stream': docs/what-to-do/live-stream.md H1 is "
            "'Live streams', not the situation's title 'You saw a live stream'") in problems
    assert ("data/routes.yml: situation 'not-sure': docs/what-to-do/not-sure.md is not in the "
            "nav of mkdocs.yml") in problems
    assert ("data/routes.yml: situation 'sextortion': no outcome in data/triage.yml has "
            "route: sextortion") in problems
    assert any(p.startswith("data/routes.yml: situation 'recognise-the-child': the start page "
                            "(docs/index.md) does not link what-to-do/recognise-the-child.md")
               for p in problems)
    assert ("data/routes.yml: situation 'live-stream': docs/what-happens-next.md has no section "
            "for it (a heading '## You saw a live stream { #live-stream }')") in problems
    assert all("\n" not in p for p in problems)
