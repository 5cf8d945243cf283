"""Turning data values into safe page text.

Values from the profile and data files are text, never markup. `as_text()`
escapes HTML and also replaces the characters that Markdown or Jinja would act
on with numeric character references, so a value such as `*Team* {{ x }}`
appears on the page exactly as typed.
"""

from __future__ import annotations

import html
import re

# Characters that Markdown (inline syntax, tables, lists) or Jinja would act on.
_MARKUP_CHARS = "\\`*_{}[]()#+-.!|~^=:<>&\"'"
_ENTITY = {ord(ch): f"&#{ord(ch)};" for ch in _MARKUP_CHARS}


def as_text(value: object) -> str:
    """Render `value` as literal text, safe in Markdown and in HTML."""
    return str(value).translate(_ENTITY)


def attr(value: object) -> str:
    """Escape a value for use inside a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


# Markup in text the theme writes into every page as it is (titles, nav
# entries): an HTML tag, or Jinja ({{ }}, {% %}, {# #}).
_MARKUP = re.compile(r"[<>]|\{[{%#]")
# ... and in text that also goes into an attribute value (a description in
# <meta content="...">), a double quote would end the value.
_MARKUP_IN_ATTRIBUTE = re.compile(r'[<>"]|\{[{%#]')


def has_markup(value: str, *, in_attribute: bool = False) -> bool:
    """Would this text act as HTML or Jinja (or end an attribute) if written as it is?"""
    return bool((_MARKUP_IN_ATTRIBUTE if in_attribute else _MARKUP).search(value))
