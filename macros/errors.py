"""One-line build errors for mistakes an editor can make in a page.

mkdocs-macros reports a failed page with a full Python traceback. For the
errors an editor causes (an undefined variable, an unknown contact role or
service, a template typo) we register shorter messages that name the page
and the problem, and nothing else. Programming errors keep their traceback.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import TypeVar

from jinja2.exceptions import TemplateNotFound, TemplateSyntaxError, UndefinedError
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


def _checked(name: str, function: Callable) -> Callable:
    """`function`, refusing a call with the wrong arguments as a page error."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a builtin without a signature
        return function
    takes = ", ".join(signature.parameters) or "no arguments"

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            unknown = [key for key in kwargs if key not in signature.parameters]
            if unknown and not any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
                raise TypeError(f"got an unexpected keyword argument {unknown[0]!r}")
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise PageDataError(f"{name}(): {exc} (it takes: {takes})") from None
        return function(*args, **kwargs)

    call.__signature__ = signature
    return call


def check_arguments(macros: MutableMapping[str, Callable]) -> None:
    """Make every registered macro check its arguments: `contact_card()` or
    `contact_name('hr', 'deputy')` in a page is one line naming the page and
    the macro, not a traceback from inside Jinja."""
    for name, function in list(macros.items()):
        if callable(function) and not isinstance(function, type):
            macros[name] = _checked(name, function)


EDITOR_ERRORS = (UndefinedError, UnknownContactRole, PageDataError)


def one_line(error: Exception, page_path: str) -> str:
    return f"docs/{page_path}: {error}"


# The names a page may use (macros and variables), for "did you mean".
_known_names: list[Callable[[], Iterable[str]]] = []
_UNDEFINED_NAME = re.compile(r"^'(\w+)' is undefined$")


def did_you_mean(message: str) -> str:
    """`'contact_phon' is undefined` -> `... is undefined, did you mean 'contact_phone'?`."""
    match = _UNDEFINED_NAME.match(message)
    if not match or not _known_names:
        return message
    names = sorted({str(name) for name in _known_names[-1]()})
    close = difflib.get_close_matches(match.group(1), names, n=1, cutoff=0.75)
    return f"{message}, did you mean '{close[0]}'?" if close else message


def _short(error: Exception, markdown: str, page) -> str:  # noqa: ARG001 - dispatch signature
    if isinstance(error, UndefinedError):
        return one_line(did_you_mean(str(error)), page.file.src_path)
    return one_line(error, page.file.src_path)


def _syntax(error: TemplateSyntaxError, markdown: str, page) -> str:  # noqa: ARG001
    return one_line(f"line {error.lineno}: {error.message}", page.file.src_path)


def _missing_include(error: TemplateNotFound, markdown: str, page) -> str:  # noqa: ARG001
    return one_line(f"{{% include %}} of a file that does not exist: {error.name!r} "
                    "(the path is relative to docs/)", page.file.src_path)


# This package's own code: an error raised in it is a programming error.
_PACKAGE = str(Path(__file__).resolve().parent)


def _template_line(error: Exception) -> int | None:
    """The page line of the template frame nearest the error, if the error
    came from the page itself rather than from a macro's own code."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
        elif frame.filename and str(Path(frame.filename).resolve()).startswith(_PACKAGE):
            return None  # raised inside a macro: keep the full report
    return line


def _runtime(error: Exception, markdown: str, page) -> str:
    """A page's template failed while it ran: a macro called with the wrong
    arguments (`contact_card()`), or an expression that cannot work
    (`{{ 'hr'() }}`). One line, when the page itself caused it."""
    line = _template_line(error)
    if line is None:
        return format_error.registry[object](error, markdown, page)
    return one_line(f"line {line}: {error}", page.file.src_path)


def install(names: Callable[[], Iterable[str]] | None = None) -> None:
    """Register the short formats with mkdocs-macros (idempotent). `names`
    gives the macros and variables a page may use, for "did you mean"."""
    if names is not None:
        _known_names[:] = [names]
    format_error.register(Exception)(_runtime)
    for kind in EDITOR_ERRORS:
        format_error.register(kind)(_short)
    format_error.register(TemplateSyntaxError)(_syntax)
    format_error.register(TemplateNotFound)(_missing_include)
