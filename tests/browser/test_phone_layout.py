"""The first minute on a phone (390x844), with a real profile (no demonstration banner).

- Start page, first screen: the 999 line, one line of what never to do,
  "Call NAME, ROLE, on NUMBER" as a tap-to-call link with the out-of-hours
  contact, and the first triage question with its answers; everything else
  below.
- Every "what to do" page and triage outcome: the steps, then the never-do
  list, then who to tell; each outside contact a step names is inside that
  step; the first number to call within 1.5 screens of the top; the
  background ("What happens next, and why") and the law one link away.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from macros.profile import load_profile
from tests.browser_harness import NGINX_SITE_CONF, SiteServer, nginx_headers, page_paths
from tests.sitebuild import NATION_PROFILES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREEN = PHONE["height"]

LAYOUT = """() => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY}; };
  const article = document.querySelector('article');
  const q = s => article.querySelector(s);
  const firstTel = article.querySelector(
    'ol.do-now a[href^="tel:"], .who-to-tell a[href^="tel:"], .first-call a[href^="tel:"]');
  const order = ['ol.do-now', '.never-do:not(.never-do--line)', '.who-to-tell'].map(s => {
    const el = q(s); return el ? [...article.querySelectorAll('*')].indexOf(el) : -1; });
  return {
    banner: !!document.querySelector('[data-demo-banner]'),
    emergency: box(q('.emergency')), neverLine: box(q('.never-do--line')),
    call: box(q('.first-call__link[data-role="nominated_person"]')),
    callText: (q('.first-call__link[data-role="nominated_person"]') || {}).textContent,
    callHref: (q('.first-call__link[data-role="nominated_person"]') || {}).href,
    night: box(q('.first-call__link[data-role="out_of_hours"]')),
    question: box(q('.first-question')),
    answers: [...article.querySelectorAll('.first-question a')].map(a => a.getAttribute('href')),
    doNowHeading: box(q('h2')),
    firstTel: box(firstTel), order,
    lawLinks: [...article.querySelectorAll('a[href*="law/"]')].length,
    backgroundLinks: [...article.querySelectorAll('a[href*="what-happens-next/#"]')].length,
    headings: [...article.querySelectorAll('h2')].map(h => h.textContent.replace('¶', '').trim()),
  };
}"""


@pytest.fixture(scope="module")
def real_site(nation_sites) -> Iterator[tuple[SiteServer, object]]:
    """The England nation site (tests/conftest.py): a real organisation's profile, no banner."""
    profile = NATION_PROFILES["england"]
    assert "\ndemonstration: false\n" in profile.read_text(encoding="utf-8")
    site = nation_sites["england"].root
    headers = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    with SiteServer(site, headers) as server:
        yield server, load_profile(profile), site


@pytest.fixture(scope="module")
def phone(chromium, real_site, refusing_port):
    server = real_site[0]
    # Nothing may leave the machine: a request to any other host fails.
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                   proxy=refusing_port.proxy_for(server.origin))
    page = context.new_page()
    yield lambda path: (page.goto(server.origin + path), page.evaluate(LAYOUT))[1]
    context.close()


def test_start_page_first_screen_has_999_never_call_and_the_first_question(phone, real_site):
    _, profile, _ = real_site
    found = phone("/")
    person = profile.contact("nominated_person")
    assert not found["banner"]
    for part in ("emergency", "neverLine", "call", "night", "question"):
        assert found[part] is not None, f"start page: no {part}"
        assert found[part]["bottom"] <= SCREEN, f"start page: {part} ends at {found[part]} px"
    assert " ".join(found["callText"].split()) == (
        f"Call {person.name}, {person.role_title}, on {person.phone}")
    assert found["callHref"].startswith("tel:+44")
    assert len(found["answers"]) >= 2 and all("triage/" in a for a in found["answers"])
    # Everything else is below: the first heading after the h1 starts after the question.
    assert found["doNowHeading"]["top"] >= found["question"]["bottom"]


def outcome_paths(site_root) -> list[str]:
    triage_outcomes = [p for p in page_paths(site_root) if p.startswith("/triage/")]
    what_to_do = [p for p in page_paths(site_root)
                  if p.startswith("/what-to-do/") and p != "/what-to-do/"]
    return what_to_do + triage_outcomes


def test_every_outcome_page_does_one_job_with_the_first_number_near_the_top(phone, real_site):
    problems, checked = [], 0
    for path in outcome_paths(real_site[2]):
        found = phone(path)
        if found["order"][0] == -1:
            continue  # a triage question, not an outcome
        checked += 1
        steps, never, tell = found["order"]
        if not (steps < never < tell):
            problems.append(f"{path}: not steps, never-do, who to tell in that order {found['order']}")
        if found["firstTel"] is None or found["firstTel"]["top"] > 1.5 * SCREEN:
            problems.append(f"{path}: first number to call at {found['firstTel']} (> 1.5 screens)")
        if not found["lawLinks"]:
            problems.append(f"{path}: no link to the law")
        if not found["backgroundLinks"] or "What happens next" in found["headings"]:
            problems.append(f"{path}: background on the page, not one link away "
                            f"{found['headings']}")
    assert checked >= 30, checked
    assert not problems, "\n".join(problems)


def test_outside_contacts_named_in_a_step_are_inside_that_step(real_site):
    from tests.htmlpages import Site

    site = Site(real_site[2])
    contacts = 0
    for page in site.pages():
        for contact in page.xpath('//article//*[contains(@class, "step-contact")]'):
            contacts += 1
            assert contact.xpath('ancestor::ol[contains(@class, "do-now")]'), page.path
    assert contacts >= 10
