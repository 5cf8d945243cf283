"""The reporting model, built for each nation and read as a reader would.

One build per fictional profile (England, Wales, Scotland, Northern Ireland
and an organisation in all four), made once in parallel and shared between
test workers. On them:

- every scenario in tests/data/scenarios.yml is walked through the built
  triage pages (plain HTML links, followed by answer label from
  triage/index.html) and its outcome page must say the expected first action,
  internal contact and outside body;
- each "what to do" page, triage outcome, policy and route page names the
  nation's own police and procedures, and nothing from another nation
  unlabelled;
- one situation gives the same steps everywhere it appears.
"""

from __future__ import annotations

import copy
import zipfile
from urllib.parse import urljoin

import lxml.html
import pytest
import yaml

from macros.profile import load_profile
from macros.routing import RouteBook
from tests.htmlpages import Site
from tests.sitebuild import NATION_PROFILES, ROOT

# The five builds are the session fixture nation_sites (tests/conftest.py).
PROFILES = NATION_PROFILES
NATIONS = tuple(PROFILES)
SCENARIOS = yaml.safe_load((ROOT / "tests" / "data" / "scenarios.yml").read_text(
    encoding="utf-8"))["scenarios"]
ROUTES = RouteBook.model_validate(yaml.safe_load(
    (ROOT / "data" / "routes.yml").read_text(encoding="utf-8")))
TRIAGE = yaml.safe_load((ROOT / "data" / "triage.yml").read_text(encoding="utf-8"))

# What only one nation's pages may say (police names, procedures, bodies, labels).
POLICE = {
    "ew": "Your local police force (non-emergency number)",
    "scotland": "Police Scotland non-emergency number",
    "northern-ireland": "PSNI non-emergency number",
}
MARKERS = {
    "england": ["LADO", "Keeping children safe in education", "Teaching Regulation Agency",
                "UKCIS advice on sharing nudes", "In England:"],
    "wales": ["Designated Officer for Safeguarding", "Wales Safeguarding Procedures", "Hwb",
              "Education Workforce Council", "In Wales:"],
    "scotland": [POLICE["scotland"], "Disclosure Scotland", "General Teaching Council for Scotland",
                 "In Scotland:"],
    "northern-ireland": [POLICE["northern-ireland"], "Gateway team",
                         "Criminal Law Act (Northern Ireland) 1967", "In Northern Ireland:"],
    "ew": [POLICE["ew"], "(DBS)"],
}
OWN = {"england": {"england", "ew"}, "wales": {"wales", "ew"}, "scotland": {"scotland"},
       "northern-ireland": {"northern-ireland"}}
OWN_POLICE = {"england": POLICE["ew"], "wales": POLICE["ew"], "scotland": POLICE["scotland"],
              "northern-ireland": POLICE["northern-ireland"]}
# The DBS takes referrals from Northern Ireland too.
SHARED_WITH = {"northern-ireland": {"(DBS)"}}
# Policy templates whose text another team writes: checked for the police of
# another nation here; their procedures are checked by that team's own
# one-build-per-nation tests.
POLICE_ONLY = {"policies/staff-suspected-of-possession/", "policies/acceptable-use/",
               "policies/staff-awareness/", "policies/incident-record-form/",
               "policies/prevention-controls/"}


def article_text(element) -> str:
    return " ".join(element.text_content().split())


def step_texts(page_tree, scenario: str | None = None, who: str | None = None) -> list[str]:
    """The steps of do-now lists, without their source references."""
    query = '//article//ol[contains(concat(" ", @class, " "), " do-now ")]'
    if scenario:
        query += f'[@data-scenario="{scenario}"]'
    found = []
    for li in page_tree.xpath(query + "/li"):
        if who and li.get("data-who") != who:
            continue
        li = copy.deepcopy(li)
        for ref in li.xpath('.//span[@class="source"] | .//a[contains(@class, "source-ref")]'):
            ref.drop_tree()
        found.append(article_text(li))
    return found


# ── Scenarios, walked through the built triage ─────────────────────────────


def walk(site: Site, answers: list[str]) -> tuple[str, lxml.html.HtmlElement]:
    url = "triage/"
    for label in answers:
        page = site.page(url)
        links = {article_text(a): a.get("href") for a in page.xpath(
            '//article//div[contains(@class, "triage-answers")]//a')}
        assert label in links, f"{url}: no answer {label!r} (answers: {sorted(links)})"
        href = links[label]
        assert not href.startswith(("http", "javascript", "#")), href
        url = urljoin(url, href)
    page = site.page(url)
    assert not page.xpath('//article//div[contains(@class, "triage-answers")]'), (
        f"{url}: the answers end on a question, not an outcome")
    return url, page.tree


def test_there_are_at_least_forty_scenarios_covering_every_nation():
    assert len(SCENARIOS) >= 40
    assert {s["nation"] for s in SCENARIOS} == set(NATIONS)
    assert len({s["id"] for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert all(isinstance(a, str) for a in scenario["answers"]), scenario["id"]
        assert scenario["says"] and scenario["role"], scenario["id"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_outcome_says_what_to_do_who_to_tell_and_who_outside(nation_sites, scenario):
    site = nation_sites[scenario["nation"]]
    url, tree = walk(site, scenario["answers"])
    expect = scenario["expect"]
    steps = step_texts(tree)
    assert steps, url
    assert expect["first_action"].lower() in steps[0].lower(), (url, steps[0])
    profile = load_profile(PROFILES[scenario["nation"]])
    text = article_text(tree.xpath("//article")[0])
    assert profile.contact(expect["internal"]).name in text, (url, expect["internal"])
    assert expect["outside"] in text, (url, expect["outside"])


def test_every_outcome_is_reached_by_some_scenario(nation_sites):
    reached = {walk(nation_sites[s["nation"]], s["answers"])[0] for s in SCENARIOS}
    outcomes = {f"triage/{key}/" for key in TRIAGE["outcomes"]}
    assert outcomes <= reached, sorted(outcomes - reached)


# ── Each nation sees its own route, and nothing from another unlabelled ───


def route_pages(site: Site) -> list[tuple[str, object]]:
    """The pages that state a route: what-to-do, triage outcomes, start page,
    contacts, all staff, and every policy."""
    found = []
    for folder in ("what-to-do", "triage", "policies"):
        for path in sorted((site.root / folder).glob("*/index.html")):
            found.append((f"{folder}/{path.parent.name}/", lxml.html.parse(str(path))))
    for url in ("", "contacts/", "roles/all-staff/"):
        found.append((url, lxml.html.parse(str(site.root / url / "index.html"))))
    return found


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_a_single_nation_site_names_its_own_police_and_no_other_nation(nation_sites, nation):
    site = nation_sites[nation]
    problems = []
    for url, tree in route_pages(site):
        text = article_text(tree.xpath("//article")[0])
        for key, markers in MARKERS.items():
            if key in OWN[nation]:
                continue
            if url in POLICE_ONLY:
                markers = [m for m in markers if m in POLICE.values()]
            for marker in markers:
                if marker in text and marker not in SHARED_WITH.get(nation, set()):
                    problems.append(f"{url}: {marker!r}")
        incident = tree.xpath('//div[@class="who-to-tell"]') and not url.endswith(
            "worried-about-own-thoughts/")
        if incident and OWN_POLICE[nation] not in text:
            problems.append(f"{url}: does not name {OWN_POLICE[nation]!r}")
    assert problems == []


def test_each_nation_gets_its_own_procedures_on_the_pages_that_need_them(nation_sites):
    expected = {
        "england": ["LADO", "children's social care team at the child's local council"],
        "wales": ["Designated Officer for Safeguarding", "social services department"],
        "scotland": ["police or social work", "Disclosure Scotland"],
        "northern-ireland": ["Gateway team", "Section 5 of the Criminal Law Act"],
    }
    for nation, phrases in expected.items():
        site = nation_sites[nation]
        text = (site.page("what-to-do/recognise-the-child/").text + " "
                + site.page("what-to-do/colleague-suspects-someone/").text + " "
                + site.page("contacts/").text + " "
                + site.page("policies/discovery-procedure/").text)
        for phrase in phrases:
            assert phrase in text, (nation, phrase)


def test_northern_ireland_routes_carry_the_duty_to_make_sure_the_police_are_told(nation_sites):
    site = nation_sites["northern-ireland"]
    for key, route in ROUTES.routes.items():
        if not route.page or key in {"child-at-risk-now", "worried-about-own-thoughts",
                                     "seen-online", "live-stream"}:
            continue
        steps = step_texts(site.page(route.page.removesuffix(".md") + "/").tree)
        assert any(s.startswith("In Northern Ireland: The law says") for s in steps), key
    assert not any("The law says" in s for s in step_texts(
        nation_sites["england"].page("what-to-do/saved-on-work-device/").tree))


def test_an_organisation_in_several_nations_sees_each_route_labelled(nation_sites):
    site = nation_sites["mixed"]
    for url, tree in route_pages(site):
        article = copy.deepcopy(tree.xpath("//article")[0])
        # The Sources section lists the titles of pages cited (references, not routes).
        for sources in article.xpath('.//section[@id="page-sources"]'):
            sources.drop_tree()
        # Everything that states a nation's route says which nation it is for.
        for labelled in article.xpath(
                './/div[@class="nation-facts"] | .//li[strong[starts-with(., "In ")]]'
                ' | .//li[p/strong[starts-with(., "In ")]]'
                # a policy's law summary: a list under "The law in <legal system>"
                ' | .//ul[preceding-sibling::*[1][self::p][strong[starts-with(., "The law in ")]]]'):
            labelled.drop_tree()
        for inline in article.xpath('.//span[@class="step-contact"] | .//div[@class="escalation"]'
                                    ' | .//p[@class="report-yourself"]'):
            text = article_text(inline)
            for name in POLICE.values():
                if name in text:
                    assert f": {name}" in text and " in " in text, (url, text[:200])
            inline.drop_tree()
        text = article_text(article)
        for key in ("wales", "scotland", "northern-ireland"):
            for marker in MARKERS[key][:-1]:
                assert marker not in text, (url, marker)
        for name in POLICE.values():
            assert name not in text, (url, name)
    recognise = site.page("what-to-do/recognise-the-child/").text
    for label in ("In England:", "In Wales:", "In Scotland:", "In Northern Ireland:"):
        assert label in recognise


# ── One situation, the same steps everywhere ───────────────────────────────


def test_the_general_route_gives_the_same_steps_everywhere_it_appears(built_site: Site):
    start = step_texts(built_site.page("").tree, "general")
    assert len(start) >= 5
    for url in ("roles/all-staff/", "policies/quick-card/", "policies/discovery-procedure/"):
        assert step_texts(built_site.page(url).tree, "general") == start, url
    # The Word version of the procedure carries the same steps.
    docx = built_site.root / "policies" / "discovery-procedure" / "discovery-procedure.docx"
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    words = " ".join(lxml.etree.fromstring(xml.encode()).itertext())
    words = " ".join(words.split())
    for step in start:
        assert step.split(" (")[0][:60] in words, step


@pytest.mark.parametrize("key", [k for k, r in ROUTES.routes.items() if r.page])
def test_a_situation_page_and_its_triage_outcome_give_the_same_steps(built_site: Site, key):
    route = ROUTES.routes[key]
    page = step_texts(built_site.page(route.page.removesuffix(".md") + "/").tree, key)
    outcomes = [k for k, o in TRIAGE["outcomes"].items() if o["route"] == key]
    assert outcomes, key
    for outcome in outcomes:
        assert step_texts(built_site.page(f"triage/{outcome}/").tree, key) == page, outcome


def test_the_procedure_gives_each_persons_steps_as_the_situation_pages_do(built_site: Site):
    procedure = built_site.page("policies/discovery-procedure/").tree
    shown = [("seen-online", "nominated_person"), ("saved-on-work-device", "nominated_person"),
             ("on-our-online-service", "nominated_person"),
             ("recognise-the-child", "nominated_person"),
             ("colleague-suspects-someone", "nominated_person"),
             ("saved-on-work-device", "it"), ("on-our-online-service", "it")]
    for key, who in shown:
        page = built_site.page(ROUTES.routes[key].page.removesuffix(".md") + "/").tree
        expected = step_texts(page, key, who)
        assert expected, (key, who)
        assert step_texts(procedure, key, who) == expected, (key, who)
