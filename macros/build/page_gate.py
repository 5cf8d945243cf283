"""The page gate: a page's Jinja may only call the project's macros.

Before a page is rendered, its template is parsed with Jinja's own parser and
every node of the tree is checked. Allowed, and nothing else:

- text;
- `{{ macro(literal, ..., key=literal) }}`, where `macro` is a registered
  macro and every argument is a literal (text, a number, true/false/none, or
  a list of these);
- `{% if macro(...) %}` / `{% elif macro(...) %}` / `{% else %}`, the test
  optionally negated with `not`;
- `{% include 'path/under/docs.md' %}` with a literal path inside docs/ and
  no symbolic link on the way; the included file is checked the same way.

Anything else (a variable such as `config` or `environment`, attribute or
item access, a filter, `{% set %}`, `{% for %}`, `{% macro %}`, `__`,
arithmetic) is one problem naming the page and the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

from ..sandbox import inside

MAX_INCLUDE_DEPTH = 5

_STATEMENT_NAMES = {
    nodes.Assign: "{% set %}", nodes.AssignBlock: "{% set %}", nodes.For: "{% for %}",
    nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %}", nodes.FilterBlock: "{% filter %}",
    nodes.With: "{% with %}", nodes.Block: "{% block %}", nodes.Extends: "{% extends %}",
    nodes.Import: "{% import %}", nodes.FromImport: "{% from ... import %}",
    nodes.Scope: "a scoped block", nodes.ScopedEvalContextModifier: "{% autoescape %}",
    nodes.EvalContextModifier: "{% autoescape %}", nodes.ExprStmt: "{% do %}",
    nodes.Continue: "{% continue %}", nodes.Break: "{% break %}",
}
_EXPRESSION_NAMES = {
    nodes.Getattr: "attribute access", nodes.Getitem: "item access",
    nodes.Filter: "a filter", nodes.Test: "an 'is' test", nodes.CondExpr: "an inline if",
    nodes.Concat: "joining with ~", nodes.Compare: "a comparison",
    nodes.BinExpr: "arithmetic or and/or", nodes.UnaryExpr: "an operator",
    nodes.Dict: "a mapping", nodes.Slice: "a slice",
}


def _describe(node: nodes.Node) -> str:
    for kind, name in {**_STATEMENT_NAMES, **_EXPRESSION_NAMES}.items():
        if isinstance(node, kind):
            return name
    if isinstance(node, nodes.Name):
        return f"the variable {node.name!r}"
    return f"a {type(node).__name__} expression"


class PageGate:
    """Checks page templates against the registered macro names."""

    def __init__(self, macros: Collection[str], docs_dir: Path | str,
                 environment: Environment | None = None):
        self.macros = frozenset(macros)
        self.docs_dir = Path(docs_dir)
        # Parsing only: the delimiters must match the rendering environment.
        self.environment = environment or Environment()
        # (page, source, line offset) of the pages that passed: checking the
        # same text again, just before it is rendered, gives the same answer.
        self._passed: set[tuple[str, str, int]] = set()

    def check(self, source: str, page: str, line_offset: int = 0, _depth: int = 0,
              _seen: frozenset[str] = frozenset()) -> list[str]:
        """One line per problem, each 'docs/PAGE: line N: ...'."""
        if _depth == 0 and (page, source, line_offset) in self._passed:
            return []
        where = f"docs/{page}"
        try:
            tree = self.environment.parse(source)
        except TemplateSyntaxError as exc:
            return [f"{where}: line {(exc.lineno or 1) + line_offset}: {exc.message}"]
        problems: list[str] = []
        for node, problem in self._statements(tree.body):
            problems.append(f"{where}: line {node.lineno + line_offset}: {problem}")
        for node in tree.find_all(nodes.Include):
            problems += self._include(node, where, line_offset, _depth, _seen | {page})
        if _depth == 0 and not problems:
            self._passed.add((page, source, line_offset))
            # The rendering environment may compile the checked tree instead
            # of parsing the page once more (macros/sandbox.py).
            keep = getattr(self.environment, "keep_parsed", None)
            if keep is not None:
                keep(source, tree)
        return problems

    # ── statements ──

    def _statements(self, body: list[nodes.Node]):
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if not isinstance(child, nodes.TemplateData):
                        yield from self._call(child, "{{ }}")
            elif isinstance(node, nodes.If):
                yield from self._test(node.test)
                for branch in node.elif_:
                    yield from self._test(branch.test)
                    yield from self._statements(branch.body)
                yield from self._statements(node.body)
                yield from self._statements(node.else_)
            elif isinstance(node, nodes.Include):
                if not (isinstance(node.template, nodes.Const)
                        and isinstance(node.template.value, str)):
                    yield node, _refused("{% include %} of a name that is not written out")
                elif node.ignore_missing:
                    yield node, _refused("{% include ... ignore missing %}")
            else:
                yield node, _refused(_describe(node))

    def _test(self, test: nodes.Expr):
        if isinstance(test, nodes.Not):
            test = test.node
        yield from self._call(test, "{% if %}")

    def _call(self, node: nodes.Expr, context: str):
        if not isinstance(node, nodes.Call):
            yield node, _refused(_describe(node) + f" in {context}")
            return
        if not isinstance(node.node, nodes.Name):
            yield node, _refused(f"calling {_describe(node.node)}")
            return
        name = node.node.name
        if name not in self.macros:
            close = difflib.get_close_matches(name, sorted(self.macros), n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]}()?)" if close else ""
            yield node, f"{name}() is not one of the site's macros{hint}"
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            yield node, _refused(f"{name}() with * or ** arguments")
        for argument in [*node.args, *(keyword.value for keyword in node.kwargs)]:
            if not _literal(argument):
                yield argument, _refused(f"{name}() with {_describe(argument)} as an argument "
                                         "(arguments must be written out: 'text' or a number)")

    # ── includes ──

    def _include(self, node: nodes.Include, where: str, line_offset: int, depth: int,
                 seen: frozenset[str]) -> list[str]:
        if not isinstance(node.template, nodes.Const) or not isinstance(node.template.value, str):
            return []  # reported with the statements
        name = node.template.value
        line = node.lineno + line_offset
        path = inside(self.docs_dir, name)
        if path is None:
            return [f"{where}: line {line}: {{% include {name!r} %}}: not a file inside docs/ "
                    "(no '..', no absolute path, no symbolic link)"]
        if depth >= MAX_INCLUDE_DEPTH or name in seen:
            return [f"{where}: line {line}: {{% include {name!r} %}}: includes nested too deep "
                    "or including themselves"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return [f"{where}: line {line}: {{% include {name!r} %}}: cannot be read: {exc}"]
        return self.check(text, name, 0, depth + 1, seen)


def _refused(what: str) -> str:
    return f"{what} is not allowed: a page may only call the site's macros with written-out arguments"


def _literal(node: nodes.Expr) -> bool:
    if isinstance(node, nodes.Const):
        return node.value is None or isinstance(node.value, (str, int, float, bool))
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_literal(item) for item in node.items)
    if isinstance(node, nodes.Neg):  # -1 is parsed as minus one
        return isinstance(node.node, nodes.Const) and isinstance(node.node.value, (int, float))
    return False


def body_line_offset(source_text: str, markdown: str) -> int:
    """Lines before the page body in its file (the front matter MkDocs removed)."""
    if markdown and source_text.endswith(markdown):
        return source_text[: len(source_text) - len(markdown)].count("\n")
    return 0


def _page_source(file) -> tuple[str, int] | None:
    """A page's body as mkdocs-macros will see it, and the lines before it."""
    from mkdocs.utils.meta import get_data

    try:
        text = file.content_string.replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None  # the front-matter checks report an unreadable page
    body, _ = get_data(text)
    return body, body_line_offset(text, body)


def check_site(gate: PageGate, files) -> list[str]:
    """Every documentation page of the build, so one build lists every page
    that does more than call macros, not just the first."""
    problems: list[str] = []
    for file in files.documentation_pages():
        source = _page_source(file)
        if source is not None:
            problems += gate.check(source[0], file.src_uri, source[1])
    return problems


def check_page(plugin) -> None:
    """mkdocs-macros' pre-render step: sandbox the environment (once), then
    check this page as it is about to be rendered (hooks/page_gate.py has
    already checked every page's source)."""
    from mkdocs.exceptions import PluginError

    from ..sandbox import install

    functions = getattr(plugin, "project_macros", frozenset())
    environment = install(plugin, functions)
    gate = getattr(plugin, "page_gate", None)
    if gate is None or gate.environment is not environment:
        gate = plugin.page_gate = PageGate(functions, plugin.conf["docs_dir"], environment)
    page = plugin.page.file
    source = _page_source(page)
    offset = source[1] if source is not None and source[0] == plugin.markdown else 0
    problems = gate.check(plugin.markdown, page.src_uri, offset)
    if problems:
        raise PluginError("\n".join(problems))


def site_problems(config, files) -> list[str]:
    """hooks/page_gate.py (on_files, before any page is read): every page's
    source, against the macros the macros plugin registered, parsed by the
    sandbox that will render it (check_page() then reuses this gate)."""
    from ..sandbox import install

    plugin = config["plugins"].get("macros")
    functions = getattr(plugin, "project_macros", None)
    if plugin is None or functions is None:
        return ["mkdocs.yml: the macros plugin is not configured; pages cannot be checked"]
    environment = install(plugin, functions)
    gate = plugin.page_gate = PageGate(functions, config["docs_dir"], environment)
    return check_site(gate, files)
