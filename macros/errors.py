"""One-line build errors for mistakes an editor can make in a page.

mkdocs-macros reports a failed page with a full Python traceback. For the
errors an editor causes (an undefined variable, an unknown contact role or
service, a template typo) we register shorter messages that name the page
and the problem, and nothing else. Programming errors keep their traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from jinja2.exceptions import TemplateSyntaxError, UndefinedError
from mkdocs_macros.errors import format_error

from .profile import UnknownContactRole

T = TypeVar("T")


class PageDataError(LookupError):
    """A page asked for data that does not exist (unknown service, route...)."""


def lookup(table: Mapping[str, T], key: str, kind: str) -> T:
    """`table[key]`, or a PageDataError naming the unknown key and the choices."""
    try:
        return table[key]
    except KeyError:
        raise PageDataError(
            f"unknown {kind} {key!r} (expected one of: {', '.join(table)})"
        ) from None


EDITOR_ERRORS = (UndefinedError, UnknownContactRole, PageDataError)


def one_line(error: Exception, page_path: str) -> str:
    return f"docs/{page_path}: {error}"


def _short(error: Exception, markdown: str, page) -> str:  # noqa: ARG001 - dispatch signature
    return one_line(error, page.file.src_path)


def _syntax(error: TemplateSyntaxError, markdown: str, page) -> str:  # noqa: ARG001
    return one_line(f"line {error.lineno}: {error.message}", page.file.src_path)


def install() -> None:
    """Register the short formats with mkdocs-macros (idempotent)."""
    for kind in EDITOR_ERRORS:
        format_error.register(kind)(_short)
    format_error.register(TemplateSyntaxError)(_syntax)
