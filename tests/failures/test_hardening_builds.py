"""Each attack planted in a fixture site stops the real build with one line
naming the place, no traceback, within seconds. Attacks that stop the build
at the same step share one build (tests/failures/families.py); the in-process tests of each gate are in
tests/unit/test_page_gate.py, test_html_gate.py, test_front_matter_rules.py,
test_safety_content.py and test_profile_hardening.py."""

from __future__ import annotations

from pathlib import Path

from tests.failures.families import SECRET
from tests.failures.test_policy_downloads import policy_page
from tests.sitebuild import build, make_fixture_site, page_front_matter

START = page_front_matter("Start") + "# Start\n\nTell {{ contact_name('nominated_person') }}.\n"


def fixture_build(tmp_path: Path, pages: dict[str, str], prepare=None):
    config = make_fixture_site(tmp_path / "src", pages)
    if prepare:
        prepare(tmp_path / "src")
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def lines_of(result, *expected: str) -> list[str]:
    assert not result.ok, "the build should have failed"
    assert "Traceback" not in result.output, result.output
    assert result.seconds < 60
    found = [line for line in result.output.splitlines() if all(t in line for t in expected)]
    assert len(found) == 1, f"expected one line with {expected!r} in:\n{result.output}"
    return found


def test_page_code_stops_the_build_naming_page_and_line(family_build):
    # Built with SECRET in the environment (families.PAGE_TEMPLATES, FAMILY_ENV)
    result = family_build("page-templates")
    lines_of(result, "docs/config.md: line 13: attribute access")
    lines_of(result, "docs/env.md: line 13: the variable 'environment'")
    lines_of(result, "docs/python.md: line 13:", "not allowed")
    lines_of(result, "docs/nounder.md: line 13: {% set %}")
    lines_of(result, "docs/plugin.md: line 13: macros_info() is not one of the site's macros")
    lines_of(result, "docs/include.md: line 13: {% include '../organisation.yml' %}: not a file inside docs/")
    assert SECRET not in result.output
    assert not (result.site_dir / "index.html").exists()


def test_symbolic_links_stop_the_build_naming_each(tmp_path):
    def plant(src: Path) -> None:
        (src / "docs" / "hostname.md").symlink_to("/etc/hostname")
        (src / "docs" / "assets" / "outside").symlink_to("/etc", target_is_directory=True)

    result = fixture_build(tmp_path, {"index.md": START}, plant)
    lines_of(result, "docs/hostname.md: a symbolic link (to /etc/hostname)")
    lines_of(result, "docs/assets/outside: a symbolic link (to /etc)")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("hostname*"))


def test_front_matter_attacks_stop_the_build_naming_page_and_key(family_build):
    result = family_build("front-matter")  # families.FRONT_MATTER
    lines_of(result, "docs/subtitle.md: front matter: unknown key 'subtitle'")
    lines_of(result, "docs/contacts.md: front matter: 'render_macros' changes how the page renders")
    lines_of(result, "docs/template.md: front matter: 'template' changes how the page renders")
    lines_of(result, "docs/hide.md: front matter: 'hide' changes how the page renders")
    lines_of(result, "docs/edit.md: front matter: 'edit_source' must be the path of a file")


def test_fake_safety_content_stops_the_build_naming_the_page(family_build):
    result = family_build("safety-content")  # families.SAFETY_CONTENT
    lines_of(result, "docs/hidden.md: incident page", "the never-do list is hidden from readers")
    lines_of(result, "docs/premium.md: incident page", "emergency-line")
    lines_of(result, "docs/planted.md: unsafe instruction", "only 'Do not ...' items are exempt")
    lines_of(result, "docs/disguised.md: rejected term")


def test_markup_gate_stops_the_build_naming_the_page(tmp_path):
    def plant(src: Path) -> None:
        css = src / "docs" / "assets" / "stylesheets" / "site.css"
        css.unlink()  # a copy of the real one: replaced, never edited in place
        css.write_text("@import url('https://example.org/x.css');\n"
                       "p { background: url(https://example.org/t.png); }\n", encoding="utf-8")

    pages = {
        "index.md": START,
        "script.md": page_front_matter() + "# S\n\n<script>window.pwned=1</script>\n",
        "handler.md": page_front_matter() + '# H\n\n<p onclick="window.pwned=1">Hello</p>\n',
        "js.md": page_front_matter() + '# J\n\n<a href="javascript:window.pwned=1">Go</a>\n',
        "file.md": page_front_matter() + '# F\n\n<a href="file:///etc/hostname">Host</a>\n',
        "refresh.md": page_front_matter() + '# R\n\n<meta http-equiv="refresh" content="0; url=https://example.org/">\n',
        "ping.md": page_front_matter() + '# P\n\n<a href="index.md" ping="https://example.org/t">Start</a>\n',
        "svg.md": page_front_matter() + '# V\n\n<svg><a href="../"><text>x</text></a></svg>\n',
        "style.md": page_front_matter() + '# Y\n\n<p style="background:url(https://example.org/t.png)">Hi</p>\n',
    }
    result = fixture_build(tmp_path, pages, plant)
    lines_of(result, "docs/script.md: a <script> that is not one of the site's own")
    lines_of(result, "docs/handler.md: an event-handler attribute onclick=")
    lines_of(result, "docs/js.md: a javascript: address in href=")
    lines_of(result, "docs/file.md: a file: address in href=")
    lines_of(result, 'docs/refresh.md: <meta http-equiv="refresh">')
    lines_of(result, "docs/ping.md: a ping= attribute")
    lines_of(result, "docs/svg.md: a link inside an SVG image")
    lines_of(result, "docs/style.md: an inline style with url()")
    lines_of(result, "assets/stylesheets/site.css: @import")
    lines_of(result, "assets/stylesheets/site.css: url(https://example.org/t.png) leaves the site")


def test_local_files_never_reach_a_policy_document(tmp_path):
    body = ("{{ policy_header() }}\n\nTell {{ contact_name('nominated_person') }}.\n\n"
            '<p><img src="file:///etc/hostname" alt=""></p>\n')
    result = fixture_build(tmp_path, {"index.md": START, "policies/test.md": policy_page(body)})
    lines_of(result, "docs/policies/test.md: <img file:///etc/hostname> cannot go into a document")
    assert not list((tmp_path / "out").rglob("*.docx")) if (tmp_path / "out").exists() else True
