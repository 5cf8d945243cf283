"""Fixture sites prove each failure mode stops the build with one clear line.

Mistakes one build step catches share one build (tests/failures/families.py)."""

from __future__ import annotations

from pathlib import Path

from tests.failures.families import HOSTILE
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

GOOD_PAGE = page_front_matter() + "# Start\n\nTell {{ contact_name('nominated_person') }}.\n"


def fixture_build(tmp_path: Path, pages: dict[str, str], profile_text: str | None = None, **kw):
    config = make_fixture_site(tmp_path / "src", pages, profile_text=profile_text)
    return build(tmp_path / "out", config_file=config,
                 profile=tmp_path / "src" / "organisation.yml", **kw)


def assert_clean_failure(result, *expected: str) -> None:
    assert not result.ok, "the build should have failed"
    assert "Traceback" not in result.output, result.output
    for text in expected:
        assert text in result.output, f"{text!r} not in:\n{result.output}"


def test_fixture_site_builds_when_nothing_is_wrong(family_build):
    result = family_build("good")
    assert result.ok, result.output
    assert "Sam Example" in (result.site_dir / "index.html").read_text(encoding="utf-8")


def test_bad_profile_stops_the_build_naming_file_and_key(tmp_path):
    profile = (ROOT / "organisation.yml").read_text(encoding="utf-8").replace(
        "phone: 020 7946 0104", "phone: not-a-number")
    result = fixture_build(tmp_path, {"index.md": GOOD_PAGE}, profile_text=profile)
    assert_clean_failure(result, "organisation.yml",
                         "contacts.hr.phone: 'not-a-number': letters are not accepted")


def test_bad_yaml_in_profile_stops_the_build(tmp_path):
    result = fixture_build(tmp_path, {"index.md": GOOD_PAGE}, profile_text="contacts: [\n")
    assert_clean_failure(result, "organisation.yml", "invalid YAML")


def test_missing_profile_stops_the_build(tmp_path):
    config = make_fixture_site(tmp_path / "src", {"index.md": GOOD_PAGE})
    result = build(tmp_path / "out", config_file=config, profile=tmp_path / "missing.yml")
    assert_clean_failure(result, "missing.yml", "file not found")


def test_undefined_variable_names_the_page(family_build):
    result = family_build("page-templates")
    # Pages only call macros: a bare name is refused before rendering.
    assert_clean_failure(result, "docs/broken.md: line 13: the variable 'nominated_persn_phone' "
                                 "in {{ }} is not allowed")


def test_unknown_contact_role_names_the_page_and_role(tmp_path):
    page = page_front_matter() + "{{ contact_card('safeguarding_lead') }}\n"
    result = fixture_build(tmp_path, {"index.md": GOOD_PAGE, "broken.md": page})
    assert_clean_failure(result, "docs/broken.md", "unknown contact role 'safeguarding_lead'")


def test_template_syntax_error_names_the_page(family_build):
    result = family_build("page-templates")
    assert_clean_failure(result, "docs/syntax.md: line 11: unexpected '}'")


def one_line_with(result, *parts: str) -> None:
    assert [line for line in result.output.splitlines() if all(p in line for p in parts)], (
        f"no line with {parts!r} in:\n{result.output}")


def test_broken_anchor_fails_the_build(family_build):
    result = family_build("links")
    assert_clean_failure(result)
    one_line_with(result, "anchor.md", "who-to-tel")


def test_broken_link_fails_the_build(family_build):
    result = family_build("links")
    assert_clean_failure(result)
    one_line_with(result, "link.md", "contact.md")


def test_failed_build_leaves_the_last_good_site_in_place(tmp_path):
    config = make_fixture_site(tmp_path / "src", {"index.md": GOOD_PAGE})
    out = tmp_path / "out"
    good = build(out, config_file=config, profile=tmp_path / "src" / "organisation.yml", atomic=True)
    assert good.ok, good.output
    before = (out / "index.html").read_text(encoding="utf-8")

    (tmp_path / "src" / "docs" / "index.md").write_text(
        page_front_matter() + "{{ undefined_thing }}\n", encoding="utf-8")
    bad = build(out, config_file=config, profile=tmp_path / "src" / "organisation.yml", atomic=True)
    assert not bad.ok
    assert "left as it was" in bad.output
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")] == []


def test_hostile_profile_values_never_become_markup(family_build):
    """The good family's profile names the HR contact `hostile` (families.good_profile)."""
    hostile = HOSTILE
    result = family_build("good")
    assert result.ok, result.output
    html = (result.site_dir / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>Trust</b>" not in html
    assert "<em>bold</em>" not in html and "49" not in html
    import lxml.html
    text = lxml.html.fromstring(html).text_content()
    assert text.count(hostile) == 2
    assert "<b>Trust</b>: child sexual abuse images at work" in text
