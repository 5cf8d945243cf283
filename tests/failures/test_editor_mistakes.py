"""Mistakes a hurried editor makes stop the build with one line naming the
file and the key, never with a Python traceback (brief, priority 2).

Most checks call the plain functions directly; a few fixture builds prove the
wiring, each with several mistakes at once where the build reports them all.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs_macros.errors import format_error

from macros import errors
from macros.build.review import ReviewError, check_meta
from macros.frontmatter import check_plain_text, read_front_matter
from tests.sitebuild import build, make_fixture_site, page_front_matter

FAKE_PAGE = SimpleNamespace(file=SimpleNamespace(src_path="broken.md"))


def fixture_build(tmp_path: Path, pages: dict[str, str], **kwargs):
    config = make_fixture_site(tmp_path / "src", pages, **kwargs)
    return build(tmp_path / "out", config_file=config,
                 profile=tmp_path / "src" / "organisation.yml")


def assert_clean_failure(result, *expected: str) -> None:
    assert not result.ok, "the build should have failed"
    assert "Traceback" not in result.output, result.output
    for text in expected:
        assert text in result.output, f"{text!r} not in:\n{result.output}"


# ── Macros and templates in a page ────────────────────────────────────────

def _contact_name(profile, role):
    return f"{profile}:{role}"


def _faulty_macro():
    return {}["a bug in the macro's own code"]


def render_error(source: str) -> str:
    """What mkdocs-macros reports for a page's template, with the project's
    macros checked (formatted while the error is handled, as the plugin does)."""
    from functools import partial

    errors.install()
    macros = {"contact_name": partial(_contact_name, "profile"), "faulty": _faulty_macro}
    errors.check_arguments(macros)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader("/nonexistent-docs"),
                             undefined=jinja2.StrictUndefined)
    env.globals.update(macros)
    try:
        env.from_string(source).render()
    except Exception as error:  # noqa: BLE001 - any error the page raises
        return format_error(error, source, FAKE_PAGE)
    raise AssertionError("the page should have failed")


@pytest.mark.parametrize("source, message", [
    ("{{ contact_name() }}",
     "docs/broken.md: contact_name(): missing a required argument: 'role' (it takes: role)"),
    ("{{ contact_name('hr', 'deputy') }}",
     "docs/broken.md: contact_name(): too many positional arguments (it takes: role)"),
    ("{{ contact_name(rol='hr') }}",
     "docs/broken.md: contact_name(): got an unexpected keyword argument 'rol'"),
    ("Intro\n\n{% include 'snippets/missing.md' %}",
     "docs/broken.md: {% include %} of a file that does not exist: 'snippets/missing.md'"),
    ("One\nTwo\n{{ 'hr'() }}", "docs/broken.md: line 3: 'str' object is not callable"),
    ("{{ contact_name('hr') - 1 }}", "docs/broken.md: line 1: unsupported operand type(s)"),
])
def test_page_template_mistakes_are_one_line(source, message):
    text = render_error(source)
    assert text.startswith(message), text
    assert "\n" not in text and "Traceback" not in text


def test_a_bug_inside_a_macro_keeps_its_traceback():
    text = render_error("{{ faulty() }}")
    assert "KeyError" in text and "Traceback" in text


def test_checked_macros_still_work_and_keep_their_signature():
    import inspect
    from functools import partial

    macros = {"contact_name": partial(_contact_name, "p")}
    errors.check_arguments(macros)
    assert macros["contact_name"]("hr") == "p:hr"
    assert macros["contact_name"](role="hr") == "p:hr"
    assert list(inspect.signature(macros["contact_name"]).parameters) == ["role"]


# ── Front matter ──────────────────────────────────────────────────────────

GOOD_FRONT = page_front_matter()


@pytest.mark.parametrize("text, message", [
    (GOOD_FRONT.replace("title: Test page\n", "title: Test page\ntitle: Again\n"),
     "front matter is not valid YAML: line 3: key 'title' appears twice"),
    (GOOD_FRONT.replace("2026-11-01", "2026-11-31"),
     "front matter: 'last_reviewed' is a date that does not exist"),
    (GOOD_FRONT.replace("2026-11-01", "2026-02-30"),
     "front matter: 'last_reviewed' is a date that does not exist"),
])
def test_front_matter_mistakes_yaml_hides_are_errors(tmp_path, text, message):
    path = tmp_path / "a.md"
    path.write_text(text + "# A\n", encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        read_front_matter(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_page_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(GOOD_FRONT.encode() + b"# A\n\nCaf\xe9 menu\n")
    with pytest.raises(ReviewError) as caught:
        read_front_matter(path)
    assert str(caught.value) == f"{path}: line 13: not UTF-8 text (byte 0xe9); save the file as UTF-8"


META = {"title": "T", "description": "D", "owner": "Designated safeguarding lead",
        "last_reviewed": "2026-11-01", "review_interval_months": 6,
        "audience": "all staff", "page_type": "guidance"}


@pytest.mark.parametrize("changes, message", [
    ({"title": "<b>Contacts</b>"}, "'title' must be plain text"),
    ({"title": "Contacts {{ org_name() }}"}, "'title' must be plain text"),
    ({"description": 'Say "stop" first'}, "'description' must be plain text"),
    ({"description": "Who to call <script>x()</script>"}, "'description' must be plain text"),
    ({"ownr": "x"}, "unknown key 'ownr', did you mean 'owner'?"),
    ({"keyword": "x"}, "unknown key 'keyword', did you mean 'keywords'?"),
    ({"review_interval": 6}, "unknown key 'review_interval', did you mean 'review_interval_months'?"),
])
def test_front_matter_values_are_plain_text_and_keys_are_spelt_right(changes, message):
    import datetime as dt

    with pytest.raises(ReviewError) as caught:
        meta = {**META, **changes}
        check_meta(meta, "a.md", dt.date(2026, 11, 28))
        check_plain_text(meta, "a.md")
    assert str(caught.value).startswith(f"docs/a.md: front matter: {message}")


def test_plain_punctuation_passes_and_unknown_or_rendering_keys_stop():
    import datetime as dt

    meta = {**META, "title": "Q&A: what now?", "description": "It’s “urgent” (read it)"}
    assert check_meta(meta, "a.md", dt.date(2026, 11, 28)).title == "Q&A: what now?"
    check_plain_text(meta, "a.md")
    # Front matter is data: a key the project does not know, or one that
    # changes rendering on a page data/page-rendering.yml does not list, stops.
    with pytest.raises(ReviewError, match="unknown key 'summary' \\(known keys: title, "):
        check_meta({**meta, "summary": "x"}, "a.md", dt.date(2026, 11, 28))
    with pytest.raises(ReviewError, match="'hide' changes how the page renders"):
        check_plain_text({**meta, "hide": ["toc"]}, "a.md")
    check_plain_text({**meta, "hide": ["toc"]}, "a.md", {"hide": {"a.md"}})


def test_page_mistakes_stop_the_build_each_on_one_line(family_build):
    """One build: front matter mistakes in several pages, each named (families.FRONT_MATTER)."""
    result = family_build("front-matter")
    assert_clean_failure(
        result,
        "docs/twice.md: front matter is not valid YAML: line 5: key 'owner' appears twice",
        "docs/date.md: front matter: 'last_reviewed' is a date that does not exist",
        "docs/title.md: front matter: 'title' must be plain text",
        "docs/latin1.md: line 12: not UTF-8 text",
    )


def test_macro_called_with_wrong_arguments_stops_the_build_in_one_line(tmp_path):
    page = page_front_matter() + "# Start\n\n{{ contact_card() }}\n"
    result = fixture_build(tmp_path, {"index.md": page})
    assert_clean_failure(result, "docs/index.md: contact_card(): missing a required argument: 'role'")


# ── mkdocs.yml: nav and redirects ─────────────────────────────────────────

def test_a_key_twice_in_the_config_or_the_file_it_inherits_is_named(tmp_path):
    from macros.build.config_checks import repeated_keys

    base = tmp_path / "mkdocs.yml"
    base.write_text(
        "site_name: x\nplugins:\n  - redirects:\n      redirect_maps:\n"
        "        old.md: index.md\n        old.md: contacts.md\n", encoding="utf-8")
    assert repeated_keys(base) == ["mkdocs.yml: line 6: key 'old.md' appears twice"]
    offline = tmp_path / "mkdocs.offline.yml"
    offline.write_text("INHERIT: mkdocs.yml\nuse_directory_urls: false\n", encoding="utf-8")
    assert repeated_keys(offline) == ["mkdocs.yml: line 6: key 'old.md' appears twice"]
    offline.write_text("INHERIT: mkdocs.yml\nstrict: true\nstrict: false\n", encoding="utf-8")
    assert repeated_keys(offline) == ["mkdocs.offline.yml: line 3: key 'strict' appears twice"]


def test_tags_in_the_config_are_no_problem():
    from macros.build.config_checks import repeated_keys
    from tests.sitebuild import ROOT

    assert repeated_keys(ROOT / "mkdocs.yml") == []
    assert repeated_keys(ROOT / "mkdocs.offline.yml") == []


def test_tagged_values_are_read_without_error(tmp_path):
    from macros.build.config_checks import repeated_keys

    path = tmp_path / "mkdocs.yml"
    path.write_text("site_url: !ENV [SITE_URL, '']\nx: !!python/name:os.getcwd\n", encoding="utf-8")
    assert repeated_keys(path) == []


@pytest.mark.parametrize("maps, message", [
    ({"found-something.md": None}, "found-something.md: no new address"),
    ({"found-something.md": "  "}, "found-something.md: no new address"),
    ({"found-something": "index.md"}, "'found-something': the old address must be a page path"),
    ({"contacts.md": "index.md"}, "contacts.md: this page exists; a redirect would replace it"),
])
def test_redirect_lines_that_would_fail_or_hide_a_page(maps, message):
    from macros.build.config_checks import redirect_problems

    problems = redirect_problems(maps, {"index.md", "contacts.md"})
    assert len(problems) == 1
    assert problems[0].startswith(f"mkdocs.yml: plugins: redirects: redirect_maps: {message}")


def test_redirect_to_a_domain_not_on_the_allowlist():
    from macros.build.external_links import offsite_redirect_problems

    maps = {"a.md": "https://evil.example.com/x", "b.md": "https://www.iwf.org.uk/", "c.md": "index.md"}
    assert offsite_redirect_problems(maps, {"iwf.org.uk": "reason"}) == [
        "mkdocs.yml: plugins: redirects: redirect_maps: a.md: redirect to "
        "https://evil.example.com/x: domain evil.example.com is not on the allowlist in "
        "data/external-links.yml"]


@pytest.mark.parametrize("content", [b"domains:\n  - domain: caf\xe9.org\n", None])
def test_an_unreadable_allowlist_is_one_line(tmp_path, content):
    from macros.build.external_links import AllowlistError, load_allowlist

    path = tmp_path / "external-links.yml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(AllowlistError, match=r"external-links.yml: cannot be read: "):
        load_allowlist(path)


def test_a_redirect_from_a_page_that_exists_stops_the_build(tmp_path):
    """mkdocs-redirects would write its redirect over the page, silently."""
    import yaml

    start = page_front_matter() + "# Start\n"
    config = make_fixture_site(tmp_path / "src", {"index.md": start, "contacts.md": start})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for plugin in data["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            plugin["redirects"]["redirect_maps"] = {"contacts.md": "index.md"}
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = build(tmp_path / "out", config_file=config,
                   profile=tmp_path / "src" / "organisation.yml")
    assert_clean_failure(result, "mkdocs.yml: plugins: redirects: redirect_maps: contacts.md: "
                                 "this page exists")


# ── data/readability.yml (scripts/readability.py, run by make lint) ───────

READABILITY = "min_words: 40\naudiences:\n  all staff: 9\n  managers: 10\npage_types:\n  law: 14\n"


@pytest.mark.parametrize("text, message", [
    ("", "expected min_words, audiences and page_types keys"),
    ("- 9\n", "expected min_words, audiences and page_types keys"),
    (READABILITY.replace("all staff: 9", "all staff: nine"),
     "audiences.all staff: expected a grade such as 9, got 'nine'"),
    (READABILITY.replace("law: 14", "law: [14]"), "page_types.law: expected a grade"),
    (READABILITY.replace("min_words: 40", "min_words: forty"), "min_words: expected a number"),
    (READABILITY.replace("audiences:\n", "audiences: 9\n").replace("  all staff: 9\n  managers: 10\n", ""),
     "audiences: expected 'name: grade' lines"),
    (READABILITY.replace("  managers: 10", "\tmanagers: 10"), "invalid YAML"),
    (READABILITY.replace("  managers: 10", "  managers: 10\n  managers: 11"),
     "key 'managers' appears twice"),
    (READABILITY.encode() + b"# caf\xe9\n", "cannot be read"),
])
def test_readability_limits_file_mistakes_are_one_line(tmp_path, text, message):
    from scripts.readability import load_limits

    path = tmp_path / "readability.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        load_limits(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)


# ── Data files: values an editor types wrongly ────────────────────────────

def _data(name: str) -> dict:
    import yaml

    from tests.sitebuild import ROOT

    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def _services_problem(change) -> str:
    from macros.datafiles import parse_data
    from macros.services import ServiceDirectory, ServicesError

    data = _data("services.yml")
    change(data["services"]["nspcc_helpline"])
    with pytest.raises(ServicesError) as caught:
        parse_data(data, "services.yml", ServiceDirectory, ServicesError)
    return str(caught.value)


@pytest.mark.parametrize("field, value, message", [
    ("phone", "+1 212 555 0100", "phone: not a valid UK phone or short number: '+1 212 555 0100'"),
    ("phone", 101, 'phone: Input should be a valid string (put it in quotes: "101")'),
    ("checked_on", "2099-01-01", "checked_on: 2099-01-01 is in the future"),
    ("checked_on", "28 November 2026", "checked_on: not a date: '28 November 2026' (write it as YYYY-MM-DD"),
])
def test_service_values_an_editor_gets_wrong(field, value, message):
    def change(service):
        service[field] = value

    assert f"services.nspcc_helpline.{message}" in _services_problem(change)


@pytest.mark.parametrize("value, message", [
    ("2099-01-01", "checked_on: 2099-01-01 is in the future"),
    ("yesterday", "checked_on: not a date: 'yesterday'"),
])
def test_source_dates_an_editor_gets_wrong(value, message):
    from macros.datafiles import parse_data
    from macros.sources import SourceList, SourcesError

    data = _data("sources.yml")
    key = next(iter(data["sources"]))
    data["sources"][key]["checked_on"] = value
    with pytest.raises(SourcesError) as caught:
        parse_data(data, "sources.yml", SourceList, SourcesError)
    assert f"sources.{key}.{message}" in str(caught.value)


def test_a_nation_listed_twice_in_the_profile_is_refused():
    import yaml

    from macros.datafiles import parse_data
    from macros.profile import Profile, ProfileError
    from tests.sitebuild import ROOT

    data = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    data["organisation"]["nations"] = ["scotland", "england", "scotland"]
    with pytest.raises(ProfileError) as caught:
        parse_data(data, "organisation.yml", Profile, ProfileError)
    assert "organisation.nations: scotland is listed more than once" in str(caught.value)


@pytest.mark.parametrize("text, message", [
    (b"domains:\n\t- domain: cps.gov.uk\n", "line 2, column 1: invalid YAML"),
    (b"domains:\n  - domain: cps.gov.uk\n    domain: gov.uk\n    reason: a b c\n",
     "key 'domain' appears twice"),
    (b"domains:\n  - domain: cps.gov.uk\n    reason: a b c\ndomains: []\n", "key 'domains' appears twice"),
])
def test_allowlist_yaml_mistakes_are_one_line_with_the_line(tmp_path, text, message):
    from macros.build.external_links import AllowlistError, load_allowlist

    path = tmp_path / "external-links.yml"
    path.write_bytes(text)
    with pytest.raises(AllowlistError) as caught:
        load_allowlist(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value) and "<unicode string>" not in str(caught.value)


def test_markup_in_a_nav_title_is_refused():
    from macros.build.config_checks import nav_title_problems

    nav = [{"Found something?": "index.md"},
           {"Policies": ["policies/index.md", {"<b>Card</b>": "policies/quick-card.md"}]},
           {"Q&A {{ x }}": "qa.md"}]
    assert nav_title_problems(nav) == [
        "mkdocs.yml: nav: '<b>Card</b>': a title must be plain text, without < > {{ or {%",
        "mkdocs.yml: nav: 'Q&A {{ x }}': a title must be plain text, without < > {{ or {%"]


def test_allow_rejected_terms_must_be_true_or_false():
    import datetime as dt

    with pytest.raises(ReviewError, match="'allow_rejected_terms' must be true or false, got 'yes please'"):
        check_meta({**META, "allow_rejected_terms": "yes please"}, "a.md", dt.date(2026, 11, 28))
    check_meta({**META, "allow_rejected_terms": True}, "a.md", dt.date(2026, 11, 28))
