"""Contact macros as plain functions, and the escaping of profile values."""

from __future__ import annotations

import html

import lxml.html
import markdown
import pytest
import yaml

from macros.contacts import (
    contact_card,
    contact_email,
    contact_name,
    contact_phone,
    org_name,
)
from macros.profile import UnknownContactRole, load_profile, parse_profile
from macros.text import as_text
from tests.sitebuild import ROOT

PROFILE = load_profile(ROOT / "organisation.yml")
HOSTILE = '<script>alert("x")</script> *bold* _em_ `code` [link](https://evil.example.org) {{ 7*7 }} {% raw %} & #1 | ~'


def render_markdown(text: str) -> str:
    """Python-Markdown as the site configures it: what a page would become."""
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "admonition"])


def hostile_profile():
    data = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    data["contacts"]["hr"]["name"] = HOSTILE
    data["contacts"]["hr"]["hours"] = HOSTILE
    data["organisation"]["name"] = HOSTILE
    return parse_profile(data, "hostile.yml")


def test_contact_card_has_name_role_links_and_hours():
    card = lxml.html.fromstring(contact_card(PROFILE, "nominated_person"))
    text = " ".join(card.text_content().split())
    assert "Sam Example" in text
    assert "Designated safeguarding lead" in text
    assert "Hours: Monday to Friday, 9am to 5pm" in text
    assert card.xpath(".//a/@href") == ["tel:+442079460101", "mailto:dsl@example.org"]
    assert "020 7946 0101" in text and "dsl@example.org" in text


def test_inline_forms():
    assert html.unescape(contact_name(PROFILE, "deputy")) == "Jo Sample"
    phone = lxml.html.fromstring(contact_phone(PROFILE, "hr"))
    assert phone.get("href") == "tel:+442079460104" and phone.text_content() == "020 7946 0104"
    email = lxml.html.fromstring(contact_email(PROFILE, "hr"))
    assert email.get("href") == "mailto:people@example.org"


def test_unknown_role_names_the_role_and_the_choices():
    with pytest.raises(UnknownContactRole) as caught:
        contact_card(PROFILE, "safeguarding_lead")
    assert "unknown contact role 'safeguarding_lead'" in str(caught.value)
    assert "nominated_person" in str(caught.value)


@pytest.mark.parametrize("render", [
    lambda p: contact_name(p, "hr"),
    lambda p: contact_card(p, "hr"),
    org_name,
])
def test_profile_values_reach_the_page_as_literal_text(render):
    rendered = render_markdown(f"Before {render(hostile_profile())} after")
    tree = lxml.html.fromstring(f"<div>{rendered}</div>")
    assert not tree.xpath("//script | //em | //code | //strong[normalize-space(.)='bold']")
    assert tree.xpath("//a/@href[contains(., 'evil')]") == []
    assert HOSTILE in tree.text_content()


def test_as_text_leaves_nothing_for_markdown_or_jinja_to_act_on():
    escaped = as_text(HOSTILE)
    # "%" alone is harmless once "{" is escaped: Jinja needs "{%".
    for char in "<>*_`[]{}&#|~":
        assert char not in escaped.replace("&#", "").replace(";", ""), char
    assert html.unescape(escaped) == HOSTILE
