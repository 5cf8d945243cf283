"""The real site, built once: pages, banner, noindex, closed-intranet rules."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import phonenumbers
import pytest

from macros.profile import CONTACT_ROLES, load_profile
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

PROFILE = load_profile(ROOT / "organisation.yml")


def test_start_and_contacts_pages_exist(built_site: Site):
    assert "Found something?" in built_site.page("").text
    assert "Contacts" in built_site.page("contacts/").text


def test_contacts_page_shows_every_contact_from_the_profile(built_site: Site):
    page = built_site.page("contacts/")
    for role in CONTACT_ROLES:
        contact = PROFILE.contact(role)
        assert contact.name in page.text, role
        assert contact.phone in page.text, role
        assert page.xpath(f'//a[@href="mailto:{contact.email}"]'), role
    assert len(page.xpath('//div[@class="contact-card"]')) == len(CONTACT_ROLES)


def test_not_found_page_gives_the_999_line_and_the_way_to_the_start(built_site: Site):
    page = built_site.page("404.html")
    line = page.article.xpath('.//p[@class="emergency"]')
    assert line and "immediate danger" in line[0].text_content()
    assert line[0].xpath('.//a[@href="tel:999"]')
    assert page.article.xpath('.//a[@href="/"]'), "no link to the start page"
    assert "Page not found" in page.text


def test_site_name_comes_from_the_profile(built_site: Site):
    assert built_site.page("").xpath("//title")[0].text.endswith(
        "Example Trust: child sexual abuse images at work")


def test_every_page_is_noindex_nofollow(built_site: Site):
    for page in built_site.pages():
        robots = page.xpath('//meta[@name="robots"]/@content')
        assert robots == ["noindex, nofollow"], page.path


def test_no_generator_meta(built_site: Site):
    for page in built_site.pages():
        assert not page.xpath('//meta[@name="generator"]'), page.path


def test_robots_txt_disallows_everything(built_site: Site):
    text = (built_site.root / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", text, re.M)
    assert re.search(r"^Disallow: /$", text, re.M)


def test_demonstration_banner_on_every_page(built_site: Site):
    pages = built_site.pages()
    assert len(pages) >= 3
    for page in pages:
        banner = page.xpath("//*[@data-demo-banner]")
        assert banner, page.path
        assert "fictional" in banner[0].text_content()


def test_no_banner_for_a_real_profile(family_build):
    result = family_build("good")  # its profile says demonstration: false (families.good_profile)
    assert result.ok, result.output
    html = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "data-demo-banner" not in html


# ── Closed intranet: nothing is loaded from another host ──────────────────

LOADING_ATTRIBUTES = [
    "//script/@src",
    "//link[not(@rel='canonical') and not(@rel='prev') and not(@rel='next')]/@href",
    "//img/@src", "//img/@srcset", "//iframe/@src", "//source/@src", "//source/@srcset",
    "//video/@src", "//audio/@src", "//object/@data", "//embed/@src",
    "//input/@src", "//image/@href",
]


def external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme in {"http", "https", "ftp"}


def test_no_html_loads_anything_from_another_host(built_site: Site):
    for page in built_site.pages():
        for query in LOADING_ATTRIBUTES:
            for value in page.xpath(query):
                for url in value.split(","):
                    assert not external(url.split()[0] if url.split() else ""), (page.path, url)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def test_no_css_loads_anything_from_another_host(built_site: Site):
    stylesheets = list(built_site.root.rglob("*.css"))
    assert stylesheets
    for css in stylesheets:
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            assert url.startswith("data:") or not external(url), (css, url)


def test_the_external_host_check_can_fail():
    assert external("https://fonts.googleapis.com/css") and external("//cdn.example.org/x.js")
    assert not external("assets/javascripts/bundle.js") and not external("../search/")


# ── Pages never type a contact detail ─────────────────────────────────────

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def markdown_pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", markdown_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_do_not_type_phone_numbers_or_emails(page: Path):
    text = page.read_text(encoding="utf-8")
    numbers = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, "GB")]
    assert numbers == [], f"use a contact or service macro instead of typing {numbers}"
    assert EMAIL.findall(text) == [], "use a contact macro instead of typing an email address"


# ── Every page is at most three clicks from the start page ────────────────


def test_every_page_is_within_three_clicks_of_the_start_page(built_site: Site):
    """Breadth-first over the links a reader can click (content and navigation)."""
    from urllib.parse import urljoin, urlparse

    def url_of(html_file: Path) -> str:
        folder = html_file.relative_to(built_site.root).parent.as_posix()
        return "" if folder == "." else folder + "/"

    pages = {url_of(page.path) for page in built_site.pages()
             if page.path.name == "index.html"}
    depth = {"": 0}
    frontier = [""]
    while frontier:
        current = frontier.pop(0)
        if depth[current] == 3:
            continue
        for href in built_site.page(current).xpath("//a/@href"):
            target = urlparse(urljoin("/" + current, href))
            if target.scheme or target.netloc:
                continue
            key = target.path.lstrip("/")
            if key in pages and key not in depth:
                depth[key] = depth[current] + 1
                frontier.append(key)
    assert len(pages) > 40
    far = sorted(pages - set(depth))
    assert not far, f"more than three clicks from the start page: {far}"
