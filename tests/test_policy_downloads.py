"""The policy downloads build step: its plain functions, and the failures that must
stop the build with one clear line (fixture sites)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import docx
import pytest

from macros.build import policy_downloads as hook
from tests.sitebuild import build, make_fixture_site, page_front_matter

HTML = (
    '<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">¶</a></h1>'
    '<p>See <a href="../../contacts/">contacts</a>, <a href="https://www.iwf.org.uk/report">IWF</a>, '
    '<a href="#t">top</a> and <a href="tel:999">999</a>.</p>'
)


def test_document_html_drops_permalinks_and_makes_links_absolute():
    out = hook.document_html(HTML, "policies/acceptable-use/", "https://intranet.example.org/s/")
    assert "¶" not in out and "headerlink" not in out
    assert 'href="https://intranet.example.org/s/contacts/"' in out
    assert 'href="https://www.iwf.org.uk/report"' in out
    assert 'href="#t"' in out and 'href="tel:999"' in out


def test_download_links_sit_under_the_title_and_are_left_out_of_the_document():
    page = hook.add_download_links(HTML, hook.download_links("policies/acceptable-use.md"))
    assert page.index("</h1>") < page.index('class="policy-downloads"')
    assert 'href="acceptable-use.docx"' in page and 'href="acceptable-use.odt"' in page
    assert "policy-downloads" not in hook.document_html(page, "x/", None)


def test_output_sits_beside_the_page():
    assert hook.output_path("/site", "policies/a/index.html", "policies/a.md", "odt") == Path(
        "/site/policies/a/a.odt")
    assert hook.output_path("/site", "policies/a.html", "policies/a.md", "docx") == Path(
        "/site/policies/a.docx")


def test_is_policy_page():
    assert hook.is_policy_page({"page_type": "policy"})
    assert not hook.is_policy_page({"page_type": "incident"}) and not hook.is_policy_page(None)


def test_reference_documents_and_a_real_conversion(tmp_path):
    name = "Test & Sons <Ltd>"
    refs = hook.make_reference_documents(tmp_path, name)
    reference = docx.Document(str(refs["docx"]))
    assert reference.sections[0].header.paragraphs[0].text == name
    assert round(reference.sections[0].page_width.mm) == 210
    assert "Choice" in [s.name for s in reference.styles]
    with zipfile.ZipFile(refs["odt"]) as odt:
        styles = odt.read("styles.xml").decode("utf-8")
    assert "<style:header>" in styles and "Test &amp; Sons &lt;Ltd&gt;" in styles
    assert 'fo:page-width="21cm"' in styles

    html = HTML + '<p><span data-custom-style="Choice">[Choice 1: x]</span></p>'
    out = hook.convert(html, "docx", tmp_path / "out" / "a.docx", refs["docx"])
    document = docx.Document(str(out))
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.sections[0].header.paragraphs[0].text == name
    runs = [r for p in document.paragraphs for r in p.runs if "[Choice" in r.text]
    assert runs and runs[0].style.name == "Choice"


def test_identical_input_is_reused_from_the_cache(tmp_path, monkeypatch):
    build = hook.DocumentBuild("Cache Test Org", None, tmp_path / "cache")
    try:
        first = build.make("<h1>One</h1>", "docx", tmp_path / "a" / "one.docx")
        assert len(list((tmp_path / "cache").glob("*.docx"))) == 1

        def no_pandoc(*args, **kwargs):
            raise hook.ConversionError("pandoc was called")

        monkeypatch.setattr(hook, "convert", no_pandoc)
        again = build.make("<h1>One</h1>", "docx", tmp_path / "b" / "one.docx")
        assert again.read_bytes() == first.read_bytes()
        with pytest.raises(hook.ConversionError, match="pandoc was called"):
            build.make("<h1>Two</h1>", "docx", tmp_path / "b" / "two.docx")
    finally:
        build.close()


@pytest.fixture
def failing_pandoc(tmp_path, monkeypatch) -> Path:
    """A pandoc that makes reference documents but fails every conversion."""
    real = hook.pandoc_path()
    script = tmp_path / "pandoc"
    script.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--print-default-data-file*) exec "{real}" "$@";; esac\n'
        'echo "simulated pandoc failure" >&2\nexit 3\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PYPANDOC_PANDOC", str(script))
    return script


def test_failed_conversion_raises_a_one_line_error(tmp_path, failing_pandoc):
    with pytest.raises(hook.ConversionError) as error:
        hook.convert("<p>x</p>", "docx", tmp_path / "a.docx", tmp_path / "missing.docx")
    assert str(error.value) == "pandoc failed (exit 3): simulated pandoc failure"


# ── Failure modes in a fixture site ──────────────────────────────────────


def policy_page(body: str, **meta: str) -> str:
    fields = {
        "title": "Test policy", "description": "A fixture policy.", "owner": "Head of HR",
        "last_reviewed": "2026-11-01", "review_interval_months": "6", "audience": "HR and safeguarding",
        "page_type": "policy", "policy_version": "'1.0'", "effective_date": "2026-12-01", **meta,
    }
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    return f"---\n{lines}---\n\n# Test policy\n\n{body}\n"


GOOD = "{{ policy_header() }}\n\nTell {{ contact_name('nominated_person') }} about {{ choice('a decision') }}.\n"
INDEX = page_front_matter("Start") + "# Start\n"


def fixture_build(tmp_path: Path, page: str):
    config = make_fixture_site(tmp_path / "src", {"index.md": INDEX, "policies/test.md": page})
    return build(tmp_path / "out", config_file=config, profile=tmp_path / "src" / "organisation.yml")


def assert_one_line_failure(result, *expected: str) -> None:
    assert not result.ok, "the build should have failed"
    assert "Traceback" not in result.output, result.output
    lines = [line for line in result.output.splitlines() if all(t in line for t in expected)]
    assert len(lines) == 1, f"expected one line with {expected!r} in:\n{result.output}"


def test_fixture_policy_builds_with_documents(tmp_path):
    result = fixture_build(tmp_path, policy_page(GOOD))
    assert result.ok, result.output
    document = docx.Document(str(tmp_path / "out" / "policies" / "test" / "test.docx"))
    assert "Sam Example" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("reference, problem", [
    ("{{ contact_phone('designated_lead') }}", "unknown contact role 'designated_lead'"),
    ("{{ organisation.legal_title }}", "'organisation' is undefined"),
])
def test_template_with_unknown_profile_key_fails_the_build(tmp_path, reference, problem):
    result = fixture_build(tmp_path, policy_page(GOOD + f"\nCall {reference}.\n"))
    assert_one_line_failure(result, "docs/policies/test.md", problem)


def test_policy_without_version_fails_the_build(tmp_path):
    result = fixture_build(tmp_path, policy_page(GOOD, policy_version=""))
    assert_one_line_failure(result, "docs/policies/test.md", "'policy_version' is missing")


def test_policy_without_header_fails_the_build(tmp_path):
    result = fixture_build(tmp_path, policy_page("Just text."))
    assert_one_line_failure(result, "docs/policies/test.md", "needs {{ policy_header() }}")


def test_failed_conversion_stops_the_build_naming_the_page(tmp_path, failing_pandoc):
    result = fixture_build(tmp_path, policy_page(GOOD))
    assert_one_line_failure(result, "docs/policies/test.md", "could not make the .docx document",
                            "simulated pandoc failure")
