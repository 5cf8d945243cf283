"""The triage: every path through data/triage.yml, the flow checks, the
generated pages, and the built HTML followed link by link."""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from macros.profile import CONTACT_ROLES, load_profile
from macros.routing import load_routes
from macros.services import load_services
from macros.sources import load_sources
from macros.triage import (
    Triage,
    TriageError,
    check_flow,
    children,
    flow_problems,
    load_triage,
    page_uri,
    render_pages,
)
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

PROFILE = load_profile(ROOT / "organisation.yml")
SERVICES = load_services(ROOT)
ROUTES = load_routes(ROOT, SERVICES, load_sources(ROOT, SERVICES))
TRIAGE = load_triage(ROOT, ROUTES)
RAW = yaml.safe_load((ROOT / "data" / "triage.yml").read_text(encoding="utf-8"))


def all_paths(triage: Triage) -> list[list[str]]:
    """Every path from the first question to an outcome (fails on a loop or dead end)."""
    paths, todo = [], [[triage.start]]
    while todo:
        path = todo.pop()
        node = path[-1]
        if node in triage.outcomes:
            paths.append(path)
            continue
        assert node in triage.questions, f"dead end: {' -> '.join(path)}"
        for nxt in children(triage, node):
            assert nxt not in path, f"loop: {' -> '.join(path + [nxt])}"
            todo.append(path + [nxt])
    return paths


# ── The real data ───────────────────────────────────────────────────────────


def test_every_path_ends_at_an_outcome_without_loops():
    paths = all_paths(TRIAGE)
    assert len(paths) >= len(TRIAGE.outcomes)
    for path in paths:
        assert path[-1] in TRIAGE.outcomes


def test_every_question_and_outcome_is_on_some_path():
    on_paths = {node for path in all_paths(TRIAGE) for node in path}
    assert set(TRIAGE.questions) | set(TRIAGE.outcomes) == on_paths


def test_child_in_danger_is_one_answer_from_the_first_question():
    assert TRIAGE.child_in_danger in children(TRIAGE, TRIAGE.start)
    assert ROUTES.routes[TRIAGE.outcomes[TRIAGE.child_in_danger].route].external[0].service == (
        "police_emergency")


def test_each_question_has_at_least_two_answers():
    for key, question in TRIAGE.questions.items():
        assert len(question.answers) >= 2, key


def test_every_contact_an_outcome_names_exists():
    for key, outcome in TRIAGE.outcomes.items():
        route = ROUTES.routes[outcome.route]
        for item in route.organisation:
            assert item.role in CONTACT_ROLES, key
            assert PROFILE.contact(item.role).name, key
        for item in route.external:
            assert item.service == "police" or item.service in SERVICES.services, key
        assert (ROOT / "docs" / route.page).is_file(), (key, route.page)


def test_every_situation_page_has_a_triage_outcome():
    pages = {ROUTES.routes[o.route].page for o in TRIAGE.outcomes.values()}
    assert pages == {p.relative_to(ROOT / "docs").as_posix()
                     for p in (ROOT / "docs" / "what-to-do").glob("*.md") if p.name != "index.md"}


# ── The flow checks fire ───────────────────────────────────────────────────


def broken(change) -> list[str]:
    data = copy.deepcopy(RAW)
    change(data)
    return flow_problems(Triage.model_validate(data), ROUTES)


def test_a_dead_end_is_reported():
    def change(d):
        d["questions"]["what-happened"]["answers"][0]["next"] = "nowhere"
    assert any("questions.what-happened.answers.0.next: 'nowhere'" in p for p in broken(change))


def test_a_loop_is_reported():
    def change(d):
        d["questions"]["whose-service"]["answers"][0]["next"] = "what-happened"
    assert any("loop" in p and "what-happened" in p for p in broken(change))


def test_an_unreachable_outcome_is_reported():
    def change(d):
        d["questions"]["what-happened"]["answers"] = [
            a for a in d["questions"]["what-happened"]["answers"]
            if a["next"] != "worried-about-own-thoughts"]
    assert "outcomes.worried-about-own-thoughts: no answer leads to this outcome" in broken(change)


def test_child_in_danger_must_be_on_the_first_question():
    def change(d):
        d["questions"]["is-a-child-in-danger"]["answers"][0]["next"] = "what-happened"
        d["questions"]["what-happened"]["answers"].append(
            {"label": "A child is in danger", "next": "child-in-danger"})
    assert any(p.startswith("child_in_danger:") for p in broken(change))


def test_an_unknown_route_is_reported():
    def change(d):
        d["outcomes"]["seen-online"]["route"] = "seen-on-tv"
    assert "outcomes.seen-online.route: 'seen-on-tv' is not in data/routes.yml" in broken(change)


def test_check_flow_raises_one_line_naming_the_file():
    data = copy.deepcopy(RAW)
    data["start"] = "where-is-it"
    with pytest.raises(TriageError) as err:
        check_flow(Triage.model_validate(data), ROUTES)
    assert str(err.value).startswith("Triage file data/triage.yml: ")
    assert "\n" not in str(err.value)


def test_titles_must_be_plain_text():
    data = copy.deepcopy(RAW)
    data["outcomes"]["seen-online"]["title"] = "Report {{ x }}"
    with pytest.raises(ValueError, match="plain words"):
        Triage.model_validate(data)


# ── Generated Markdown ─────────────────────────────────────────────────────


PAGES = render_pages(TRIAGE, ROUTES)


def test_one_page_per_question_and_outcome():
    assert len(PAGES) == len(TRIAGE.questions) + len(TRIAGE.outcomes)
    assert page_uri(TRIAGE, TRIAGE.start) == "triage/index.md"


def test_outcome_pages_carry_the_safety_furniture_and_aftercare():
    for key, outcome in TRIAGE.outcomes.items():
        text = PAGES[page_uri(TRIAGE, key)]
        kind = ROUTES.routes[outcome.route].kind
        page_type = "page_type: incident" if kind == "incident" else "page_type: guidance"
        for needed in (page_type, "{{ emergency_line() }}", f"{{{{ never_do_for('{outcome.route}') }}}}",
                       f"{{{{ who_to_tell('{outcome.route}') }}}}",
                       "(../looking-after-yourself.md)", "[Back"):
            assert needed in text, (key, needed)


def test_data_text_never_becomes_markup():
    data = copy.deepcopy(RAW)
    data["questions"]["what-happened"]["answers"][0]["label"] = "<b>Bold</b> {{ 7*7 }} [x](y.md)"
    pages = render_pages(Triage.model_validate(data), ROUTES)
    text = pages["triage/what-happened.md"]
    assert "<b>" not in text and "{{ 7*7" not in text and "[x](y.md)" not in text


# ── Built HTML: follow the links as a reader would, JavaScript off ─────────


def answer_links(page) -> list[str]:
    return page.xpath('//article//div[contains(@class, "triage-answers")]//a/@href')


def test_built_triage_walk_reaches_every_outcome(built_site: Site):
    outcome_titles = {o.title for o in TRIAGE.outcomes.values()}
    seen_outcomes, seen, todo = set(), set(), ["triage/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        page = built_site.page(url)
        assert (built_site.root / url / "index.html").is_file(), url
        links = answer_links(page)
        title = page.xpath("//article//h1")[0].text_content().replace("¶", "").strip()
        if links:
            assert len(links) >= 2, url
            for href in links:
                assert not href.startswith(("http", "javascript", "#")), href
                todo.append(urljoin(url, href))
        else:
            assert title in outcome_titles, (url, title)
            seen_outcomes.add(title)
    assert seen_outcomes == outcome_titles


def test_built_outcome_pages(built_site: Site):
    for key, outcome in TRIAGE.outcomes.items():
        url = f"triage/{key}/"
        page = built_site.page(url)
        assert page.xpath('//article//p[@class="emergency"]//a[starts-with(@href, "tel:")]'), key
        assert page.xpath('//article//div[@class="never-do"]/ul/li'), key
        who = page.xpath('//article//div[@class="who-to-tell"]')[0]
        route = ROUTES.routes[outcome.route]
        roles = who.xpath('.//ol[@class="who-to-tell__inside"]//div[@class="contact-card"]/@data-role')
        assert roles == [item.role for item in route.organisation], key
        # Organisation first, then external services.
        parts = [el.get("class") for el in who.xpath("./ol")]
        assert parts[0] == "who-to-tell__inside", key
        hrefs = page.xpath("//article//a/@href")
        assert "../../looking-after-yourself/" in hrefs, key
        assert f"../../{route.page.removesuffix('.md')}/" in hrefs, key
        back = page.xpath('//article//a[contains(@class, "triage-back")]/@href')
        assert back and (built_site.root / urljoin(url, back[0]) / "index.html").is_file(), key


def test_question_pages_have_a_back_link_except_the_first(built_site: Site):
    for key in TRIAGE.questions:
        url = "triage/" if key == TRIAGE.start else f"triage/{key}/"
        back = built_site.page(url).xpath('//article//a[contains(@class, "triage-back")]')
        assert bool(back) == (key != TRIAGE.start), key
        assert built_site.page(url).xpath('//article//p[@class="emergency"]'), key


def test_start_page_leads_into_the_triage(built_site: Site):
    assert "triage/" in built_site.page("").xpath("//article//a/@href")


# ── Fixture sites: mistakes stop the build with one line ───────────────────


def triage_fixture(tmp_path: Path, triage_text: str | None = None, extra: dict | None = None):
    pages = {"index.md": page_front_matter() + "# Start\n", **(extra or {})}
    config = make_fixture_site(tmp_path / "src", pages)
    conf = yaml.safe_load(config.read_text(encoding="utf-8"))
    conf["nav"] = [*conf["nav"], {"What have you found?": "triage/index.md"}]
    config.write_text(yaml.safe_dump(conf, sort_keys=False), encoding="utf-8")
    if triage_text is not None:
        data = tmp_path / "src" / "data"
        data.unlink()
        data.mkdir()
        for item in (ROOT / "data").iterdir():
            (data / item.name).write_bytes(item.read_bytes())
        (data / "triage.yml").write_text(triage_text, encoding="utf-8")
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def test_bad_triage_data_stops_the_build_naming_file_and_key(tmp_path):
    text = (ROOT / "data" / "triage.yml").read_text(encoding="utf-8").replace(
        "next: whose-service", "next: whose-servise")
    result = triage_fixture(tmp_path, text)
    assert not result.ok
    assert "Traceback" not in result.output
    assert "data/triage.yml: questions.what-happened.answers.0.next: 'whose-servise'" in result.output


def test_a_hand_written_triage_page_is_refused(tmp_path):
    result = triage_fixture(tmp_path, extra={"triage/index.md": page_front_matter() + "# Mine\n"})
    assert not result.ok
    assert "Traceback" not in result.output
    assert "docs/triage/index.md: this page is generated from data/triage.yml" in result.output


def test_the_hook_adds_every_page_with_a_readable_source_file():
    """Other hooks may read page.file.abs_src_path: the generated pages have one."""
    import importlib.util

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    spec = importlib.util.spec_from_file_location("triage_hook_under_test",
                                                  ROOT / "hooks" / "triage_pages.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "triage_pages"  # set by MkDocs while it runs an event
    files = hook.on_files(get_files(config), config)
    for uri, markdown in PAGES.items():
        file = files.get_file_from_path(uri)
        assert file is not None and file.generated_by, uri
        assert Path(file.abs_src_path).read_text(encoding="utf-8") == markdown, uri
    folder = Path(file.abs_src_path).parents[1]
    hook.on_post_build(config)
    assert not folder.exists()


def test_keywords_go_into_front_matter_only():
    text = PAGES["triage/index.md"]
    front, body = text.split("\n---\n", 1)
    assert f"keywords: {TRIAGE.questions[TRIAGE.start].keywords}" in front
    assert "help me choose" not in body
