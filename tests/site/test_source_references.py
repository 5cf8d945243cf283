"""Sources out of the steps: numbered references to one Sources section a page.

Every citation (cite(), policy_source(), service_source(), and so every step
of every route) is a superscript number linking to the page's Sources
section, which gives the title, publisher, the source's own date where known
and the date it was checked. The policy documents carry the same references
as real footnotes.
"""

from __future__ import annotations

import zipfile

import lxml.html
import pytest

from macros.references import PageSources, Reference, page_sources
from macros.sources import cite
from tests.htmlpages import Site
from tests.site.test_situations import SERVICES, SOURCES

import datetime as dt

STEP_ITEMS = '//article//ol[contains(@class, "do-now")]/li'


def _ref(url: str, **kw) -> Reference:
    return Reference(url, kw.pop("title", "A page"), "A publisher", dt.date(2026, 11, 28), **kw)


def test_the_same_source_keeps_its_number_and_each_use_its_own_id():
    page = PageSources()
    first = lxml.html.fromstring(page.ref(_ref("https://a.example.org/")))
    page.ref(_ref("https://b.example.org/"))
    again = lxml.html.fromstring(page.ref(_ref("https://a.example.org/")))
    assert first.get("href") == again.get("href") == "#source-1"
    assert first.get("id") != again.get("id")
    section = lxml.html.fromstring(page.section())
    assert [li.get("id") for li in section.xpath("//li")] == ["source-1", "source-2"]


def test_an_entry_names_title_publisher_own_date_and_check_date():
    page = PageSources()
    page.ref(_ref("https://a.example.org/", title="Old guidance", published="March 2011",
                  secondary=True))
    text = " ".join(lxml.html.fromstring(page.section()).text_content().split())
    assert "Old guidance, A publisher, published March 2011, reported, not the official " \
           "source. Checked on 28 November 2026." in text


def test_a_page_that_cites_nothing_has_no_sources_section():
    assert PageSources().section() == ""


def test_cite_gives_only_numbers_never_the_source_text():
    page_sources.clear()
    html = cite(SOURCES, SERVICES, "iwf_top_tips", "iwf")
    page_sources.clear()
    text = lxml.html.fromstring(html).text_content()
    assert text.strip().isdigit() and "Checked" not in html and "Source" not in text


def test_no_step_on_any_page_carries_source_text(built_site: Site):
    """Steps keep their sources as numbers: no 'Checked on' or 'Source:' inside a step."""
    steps = cited = 0
    for page in built_site.pages():
        for item in page.xpath(STEP_ITEMS):
            steps += 1
            text = " ".join(item.text_content().split())
            where = page.path.relative_to(built_site.root)
            assert "Checked on" not in text and "Source:" not in text, (where, text)
            cited += bool(item.xpath('.//a[@role="doc-noteref"]'))
    assert steps > 30 and cited > steps / 2


def test_every_reference_links_to_an_entry_of_the_pages_one_sources_section(built_site: Site):
    cited = 0
    for page in built_site.pages():
        refs = page.xpath('//article//a[@role="doc-noteref"]')
        sections = page.xpath('//article//section[@role="doc-endnotes"]')
        where = page.path.relative_to(built_site.root)
        if not refs:
            assert not sections, where
            continue
        cited += 1
        assert len(sections) == 1, where
        ids = set(sections[0].xpath(".//li/@id"))
        assert {ref.get("href").removeprefix("#") for ref in refs} == ids, where
        # The section comes after everything the page says.
        assert not sections[0].xpath("following::h2[ancestor::article]"), where
        for entry in sections[0].xpath(".//li"):
            text = " ".join(entry.text_content().split())
            assert "Checked on" in text and entry.xpath('.//a[starts-with(@href, "https://") '
                                                        'or starts-with(@href, "http://")]'), text
    assert cited > 20


@pytest.mark.parametrize("name", ["discovery-procedure", "acceptable-use"])
def test_policy_documents_carry_the_sources_as_footnotes(built_site: Site, name: str):
    docx = built_site.root / "policies" / name / f"{name}.docx"
    with zipfile.ZipFile(docx) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert notes.count("Checked on") >= 1, docx
    assert body.count("w:footnoteReference") >= 1, docx
