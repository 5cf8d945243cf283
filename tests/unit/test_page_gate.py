"""Pages may only call the project's macros: the page gate (before rendering)
and the sandbox (while rendering), checked in process, no build needed."""

from __future__ import annotations

import traceback

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from macros.build.page_gate import PageGate, body_line_offset
from macros.sandbox import inside, sandboxed_copy

MACROS = {"contact_name", "never_do", "has_jurisdiction", "cite"}


@pytest.fixture()
def gate(tmp_path):
    docs = tmp_path / "docs"
    (docs / "snippets").mkdir(parents=True)
    (docs / "snippets" / "ok.md").write_text("Call {{ contact_name('hr') }}.\n", encoding="utf-8")
    (docs / "snippets" / "bad.md").write_text("One\n{{ config.site_dir }}\n", encoding="utf-8")
    (docs / "snippets" / "link.md").symlink_to("/etc/hostname")
    return PageGate(MACROS, docs)


@pytest.mark.parametrize("source", [
    "Plain text only.",
    "{{ contact_name('hr') }} and {{ never_do() }}",
    "{{ cite('iwf', note=\"x\", n=2, flag=true, nothing=none, items=['a', 1], m=-1) }}",
    "{% if has_jurisdiction('scotland') %}A{% elif not has_jurisdiction('x') %}B{% else %}C{% endif %}",
    "{# a comment #}{% raw %}{{ config }}{% endraw %}",
    "{% include 'snippets/ok.md' %}",
])
def test_the_gate_passes_what_pages_use(gate, source):
    assert gate.check(source, "page.md") == []


# Each attack, and the words its one line must contain.
ATTACKS = [
    ("{{ config.site_dir }}", "attribute access"),
    ("{{ environment }}", "the variable 'environment'"),
    ("{{ config }}", "the variable 'config'"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "calling attribute access"),
    ("{{ lipsum['__globals__'] }}", "item access"),
    ("{{ contact_name('hr') | upper }}", "a filter"),
    ("{% set x = 1 %}", "{% set %}"),
    ("{% for x in range(3) %}{% endfor %}", "{% for %}"),
    ("{% macro m() %}{% endmacro %}", "{% macro %}"),
    ("{{ macros_info() }}", "macros_info() is not one of the site's macros"),
    ("{{ contact_nme('hr') }}", "contact_nme() is not one of the site's macros (did you mean contact_name()?)"),
    ("{{ contact_name(page) }}", "the variable 'page' as an argument"),
    ("{{ contact_name('h' ~ 'r') }}", "joining with ~"),
    ("{{ contact_name(*x) }}", "with * or ** arguments"),
    ("{% if config %}x{% endif %}", "the variable 'config' in {% if %}"),
    ("{% include 'snippets/bad.md' %}", "docs/snippets/bad.md: line 2: attribute access"),
    ("{% include '../organisation.yml' %}", "not a file inside docs/"),
    ("{% include '/etc/hostname' %}", "not a file inside docs/"),
    ("{% include 'snippets/link.md' %}", "not a file inside docs/"),
    ("{% include name %}", "a name that is not written out"),
    ("{% extends 'x.html' %}", "{% extends %}"),
    ("{% import 'x' as y %}", "{% import %}"),
    ("{{ contact_name('hr') + 1 }}", "arithmetic"),
]


@pytest.mark.parametrize("source, expected", ATTACKS)
def test_the_gate_refuses_anything_else_naming_page_and_line(gate, source, expected):
    problems = gate.check("Intro\n\n" + source + "\n", "what-to-do/x.md", line_offset=10)
    assert problems, source
    assert all("\n" not in problem for problem in problems)
    assert any(expected in problem for problem in problems), problems
    if "include" not in source or "bad.md" not in source:
        assert problems[0].startswith("docs/what-to-do/x.md: line 13: "), problems


def test_a_syntax_error_is_one_line_with_the_page_line(gate):
    assert gate.check("a\n{{ contact_name('hr' }}", "p.md", 4) == [
        "docs/p.md: line 6: unexpected '}', expected ')'"]


def test_every_refused_construct_in_a_page_is_listed(gate):
    problems = gate.check("{{ config }}\n{{ environment }}\n{% set a = 1 %}", "p.md")
    assert [p.split(":")[1] for p in problems] == [" line 1", " line 2", " line 3"]


def test_the_line_offset_is_the_front_matter():
    text = "---\ntitle: T\n---\n\n# Heading\n{{ x }}\n"
    assert body_line_offset(text, "# Heading\n{{ x }}\n") == 4


# ── The sandbox: the second wall, if the gate ever misses something ──

def _sandbox(tmp_path):
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    plain.globals.update({"contact_name": lambda role: f"name of {role}",
                          "macros_info": lambda: "everything"})
    return sandboxed_copy(plain, tmp_path, functions={"contact_name"})


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ config.site_dir }}",
    "{{ config['site_dir'] }}",
    "{{ config }}",
    "{{ macros_info() }}",
    "{{ contact_name('hr').upper() }}",
])
def test_the_sandbox_refuses_attributes_items_objects_and_plugin_macros(tmp_path, source):
    env = _sandbox(tmp_path)
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        env.from_string(source).render(config={"site_dir": "/secret"})


def test_the_sandbox_still_calls_the_project_macros(tmp_path):
    env = _sandbox(tmp_path)
    assert env.from_string("{{ contact_name('hr') }} {{ 3 }}").render() == "name of hr 3"


def test_includes_stay_inside_docs_and_never_follow_a_link(tmp_path):
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "out").symlink_to("/etc")
    (tmp_path / "link.md").symlink_to("/etc/hostname")
    assert inside(tmp_path, "a.md") == tmp_path / "a.md"
    for name in ("../a.md", "/etc/hostname", "link.md", "sub/out/hostname", "missing.md"):
        assert inside(tmp_path, name) is None, name
    env = _sandbox(tmp_path)
    with pytest.raises(jinja2.TemplateNotFound):
        env.from_string("{% include 'link.md' %}").render()
    assert env.from_string("{% include 'a.md' %}").render() == "A"


def test_data_values_reach_pages_as_inert_text(tmp_path):
    """Profile and data values are text: a value that looks like template
    code is escaped by the macros, so neither Jinja nor Markdown acts on it."""
    import yaml

    from macros.contacts import contact_name
    from macros.profile import load_profile
    from tests.sitebuild import ROOT

    data = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    data["contacts"]["hr"]["name"] = "{{ config.site_dir }} {% set x = 1 %}"
    path = tmp_path / "profile.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    shown = contact_name(load_profile(path), "hr")
    assert "{{" not in shown and "{%" not in shown
    gate = PageGate(MACROS, tmp_path)
    assert gate.check(shown, "contacts.md") == []  # nothing left for Jinja to run


def test_the_gate_parse_is_rendered_and_a_page_that_passed_is_not_parsed_again(tmp_path, monkeypatch):
    sandbox = sandboxed_copy(jinja2.Environment(), tmp_path)
    sandbox.globals["contact_name"] = lambda role: role.upper()
    gate = PageGate(MACROS, tmp_path, sandbox)
    source = "Call {{ contact_name('hr') }}."
    assert gate.check(source, "a.md") == []
    parsed = []
    original = jinja2.Environment._parse
    monkeypatch.setattr(jinja2.Environment, "_parse",
                        lambda self, *args: parsed.append(args) or original(self, *args))
    assert gate.check(source, "a.md") == []  # the same text: the same answer
    assert sandbox.from_string(source).render() == "Call HR."  # the gate's tree, compiled
    assert parsed == []
    assert gate.check(source + "{{ config }}", "a.md") != [] and parsed  # other text is checked


def test_compiled_pages_are_kept_in_memory_and_a_changed_page_is_compiled_again(
        tmp_path, monkeypatch):
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, *args: compiled.append(source) or original(
                            self, source, *args))
    monkeypatch.chdir(tmp_path)
    source = f"Call {{{{ contact_name('hr') }}}}.\n{{{{ contact_name(1) }}}} {tmp_path.name}"
    sandbox = sandboxed_copy(jinja2.Environment(), tmp_path)
    sandbox.globals["contact_name"] = lambda role: str(role).upper()
    assert sandbox.from_string(source).render() == f"Call HR.\n1 {tmp_path.name}"
    assert len(compiled) == 1
    fresh = sandboxed_copy(jinja2.Environment(), tmp_path)  # the next build, same process
    fresh.globals["contact_name"] = lambda role: str(role).upper()
    assert fresh.from_string(source).render().startswith("Call HR.") and len(compiled) == 1
    assert fresh.from_string(source + "!").render().endswith("!") and len(compiled) == 2
    # Nothing is written to, or read from, the project: compiled code from a
    # file would run whatever the file holds.
    assert not any(tmp_path.rglob("*")), list(tmp_path.rglob("*"))
    # A page's error still names its line, from kept code too.
    broken = f"One\n{{{{ contact_name() }}}} {tmp_path.name}"
    for environment in (fresh, sandboxed_copy(jinja2.Environment(), tmp_path)):
        environment.globals["contact_name"] = lambda role: role
        with pytest.raises(TypeError) as found:
            environment.from_string(broken).render()
        lines = [frame.lineno for frame in traceback.extract_tb(found.value.__traceback__)
                 if frame.filename == "<template>"]
        assert lines == [2]
