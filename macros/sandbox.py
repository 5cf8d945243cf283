"""The Jinja environment pages are rendered in: sandboxed, and able to do no
more than call the project's macros.

mkdocs-macros builds a plain `jinja2.Environment` in its `on_config`, after
`define_env` has run. `install()` replaces it, before the first page is
rendered, with a `PageSandbox` that keeps the plugin's loader settings,
delimiters, undefined behaviour, macros and filters but

- refuses every attribute and item lookup (pages never need one: they call
  macros with literal arguments, which macros/build/page_gate.py checks
  before rendering; the sandbox is the second wall);
- refuses to print anything but text or a number (`{{ config }}` would
  otherwise print the whole build configuration);
- reads includes only from inside docs/, never through a symbolic link.

Each page's compiled template is kept in memory for the life of the process
(`mkdocs serve` rebuilds, build-all's workers), keyed on the page's text and
every setting that changes the compiled code: a page whose text did not
change is not compiled again. Never on disk: compiled code read back from a
file would run whatever that file holds, and a file in the project can come
with a pull request. The page gate still checks every page's text in every
build.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Collection
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

# Compiled pages, most recently used last; enough for every page of several sites.
COMPILED_PAGES = 1024
_compiled: OrderedDict[str, CodeType] = OrderedDict()


class PageSandbox(ImmutableSandboxedEnvironment):
    """A sandbox in which a page can call functions and print text, nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept: dict[str, object] = {}
        self._fingerprint = repr((
            jinja2.__version__, type(self).__qualname__,
            self.block_start_string, self.block_end_string, self.variable_start_string,
            self.variable_end_string, self.comment_start_string, self.comment_end_string,
            self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks,
            self.lstrip_blocks, self.newline_sequence, self.keep_trailing_newline,
            self.autoescape, getattr(self.finalize, "__qualname__", None), self.optimized,
            sorted(self.extensions)))

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """A page's code, compiled once per process."""
        if (not isinstance(source, str) or name is not None or filename is not None
                or raw or defer_init):
            return super().compile(source, name, filename, raw, defer_init)
        key = hashlib.sha256(f"{self._fingerprint}\0{source}".encode()).hexdigest()
        code = _compiled.get(key)
        if code is None:
            code = _compiled[key] = super().compile(source)
            if len(_compiled) > COMPILED_PAGES:
                _compiled.popitem(last=False)
        else:
            _compiled.move_to_end(key)
        return code

    def is_safe_attribute(self, obj, attr, value) -> bool:  # noqa: ARG002 - Jinja's signature
        return False

    def getitem(self, obj, argument):
        return self.undefined(obj=obj, name=argument, exc=SecurityError,
                              hint=f"looking up {argument!r} is not allowed in a page")

    def getattr(self, obj, attribute):
        return self.undefined(obj=obj, name=attribute, exc=SecurityError,
                              hint=f"attribute {attribute!r} is not allowed in a page")

    def keep_parsed(self, source: str, tree) -> None:
        """A page's template tree, parsed (and passed) by the page gate: the
        next compile of exactly this source uses it instead of parsing again."""
        self._kept[source] = tree

    def _parse(self, source, name, filename):
        if name is None and filename is None and source in self._kept:
            # Used once: compiling may fold constants inside the tree.
            return self._kept.pop(source)
        return super()._parse(source, name, filename)


def printable(value):
    """Jinja's `finalize`: only text and numbers reach the page."""
    if value is None or isinstance(value, (str, Markup, int, float)):
        return value
    raise SecurityError(f"a page may print only text, not a {type(value).__name__}")


class InsideLoader(FileSystemLoader):
    """Templates (includes) from one folder only: no `..`, no absolute path,
    no symbolic link anywhere on the way."""

    def __init__(self, root: str | os.PathLike):
        super().__init__(str(root), followlinks=False)
        self.root = Path(root).resolve()

    def get_source(self, environment, template):
        path = inside(self.root, template)
        if path is None:
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


def inside(root: Path, name: str) -> Path | None:
    """`root/name` if it is a real file inside `root` reached without a
    symbolic link, else None."""
    root = Path(root).resolve()
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or "\\" in name:
        return None
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return None
    if not current.is_file() or not current.resolve().is_relative_to(root):
        return None
    return current


def sandboxed_copy(env, include_root: str | os.PathLike,
                   functions: Collection[str] | None = None) -> PageSandbox:
    """A PageSandbox with the settings and filters of `env`, and its globals
    (all, or only those named in `functions`)."""
    sandbox = PageSandbox(
        loader=InsideLoader(include_root),
        undefined=env.undefined,
        block_start_string=env.block_start_string,
        block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string,
        autoescape=False,
        finalize=printable,
    )
    sandbox.globals.update({name: value for name, value in env.globals.items()
                            if functions is None or name in functions})
    sandbox.filters.update(env.filters)
    return sandbox


def install(plugin, functions: Collection[str]) -> PageSandbox:
    """Replace the mkdocs-macros plugin's environment by a sandbox (once)
    whose only functions are `functions` (the project's macros: not the
    plugin's own, such as macros_info(), which prints the configuration)."""
    current = plugin.env
    if not isinstance(current, PageSandbox):
        # The plugin keeps its environment in `_env` and reads it through
        # its `env` property; there is no public setter.
        plugin._env = sandboxed_copy(current, plugin.conf["docs_dir"], functions)
    return plugin._env
