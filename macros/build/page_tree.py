"""One parse of a finished page, shared by the checks that read it.

The link allowlist (external_links.py) and the markup gate (html_gate.py)
both read every finished page of a build, one after the other. `document()`
parses a page once and returns the same tree while it is asked about the
same HTML, so each page is parsed once per build instead of once per check.
The tree is shared: callers read it and never change it.

Plain lxml elements (lxml.etree's HTML parser), not lxml.html's: the same
libxml2 parse, without a Python call to pick a class for every element.
"""

from __future__ import annotations

import lxml.etree

_PARSER = lxml.etree.HTMLParser()
_last: list = [None, None]  # [html, its tree]


def document(html: str):
    """The root element of `html` parsed as a whole page (None if it is blank)."""
    if _last[0] is not None and _last[0] == html:
        return _last[1]
    tree = None
    if html.strip():
        tree = lxml.etree.fromstring(html, _PARSER)
        if tree is None:  # as lxml.html does: markup with no element at all
            raise lxml.etree.ParserError("Document is empty")
    _last[:] = [html, tree]
    return tree
