"""Front matter is data: what the theme prints is plain text, and what
changes how a page renders is allowed only where data/page-rendering.yml
lists the page.

Material and the overrides print front-matter values into every page (the
title, the description, a `subtitle` in the navigation, the edit link's
path). A key the project does not know is refused, so no value reaches the
theme unchecked; the keys it knows are checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

RENDERING_FILE = Path("data") / "page-rendering.yml"
RENDERING_KEYS = ("render_macros", "template", "hide")
# Printed by the theme or the overrides, or put into the search index.
TEXT_KEYS = ("title", "description", "owner", "policy_version")
MARKUP_IN_TEXT = re.compile(r'[<>"`]|\{[{%#]|&#?\w+;')
# The edit link's path: a file of this repository, written as a plain path.
EDIT_SOURCE = re.compile(r"(?:docs|data)/[A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:md|yml)")
SEARCH_KEYS = {"boost": (int, float), "exclude": (bool,)}
MAX_TEXT = 300
MAX_KEYWORDS = 2000


def load_rendering_rules(project_dir: Path | str) -> dict[str, set[str]]:
    """{key: pages allowed to use it} from data/page-rendering.yml."""
    from ..datafiles import DataFileError, read_yaml

    path = Path(project_dir) / RENDERING_FILE
    if not path.exists():  # a docs folder checked on its own: no page may
        return {key: set() for key in RENDERING_KEYS}
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(path, ["expected render_macros, template and hide, each a list"])
    rules = {}
    for key in RENDERING_KEYS:
        pages = data.get(key) or []
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise DataFileError(path, [f"{key}: expected a list of pages under docs/"])
        rules[key] = set(pages)
    unknown = sorted(set(data) - set(RENDERING_KEYS))
    if unknown:
        raise DataFileError(path, [f"{unknown[0]}: unknown key (allowed here: "
                                   f"{', '.join(RENDERING_KEYS)})"])
    return rules


def front_matter_problem(meta: dict[str, Any], page: str,
                         rendering: dict[str, set[str]]) -> str | None:
    """The first problem with the values of this page's known keys, else None."""
    for key in RENDERING_KEYS:
        if key in meta and page not in rendering.get(key, set()):
            return (f"'{key}' changes how the page renders and is allowed only on the pages "
                    f"listed in {RENDERING_FILE.as_posix()}")
    for key in TEXT_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"'{key}' must be text, got {value!r}"
        problem = _text_problem(key, value, MAX_TEXT)
        if problem:
            return problem
    keywords = meta.get("keywords")
    if isinstance(keywords, str):
        keywords = [keywords]
    if isinstance(keywords, list):
        for value in keywords:
            problem = _text_problem("keywords", value, MAX_KEYWORDS) if isinstance(value, str) \
                else f"'keywords' must be text, got {value!r}"
            if problem:
                return problem
    if "edit_source" in meta:
        value = meta["edit_source"]
        if not isinstance(value, str) or not EDIT_SOURCE.fullmatch(value) or ".." in value:
            return ("'edit_source' must be the path of a file of this repository, such as "
                    f"data/triage.yml; got {value!r}")
    if "search" in meta:
        search = meta["search"]
        if not isinstance(search, dict) or not search or any(
                key not in SEARCH_KEYS or not isinstance(value, SEARCH_KEYS[key])
                or (key == "boost" and (isinstance(value, bool) or not 0 < value <= 10))
                for key, value in search.items()):
            return ("'search' may only set boost (a number from 0 to 10) or exclude "
                    f"(true or false); got {search!r}")
    return None


def _text_problem(key: str, value: str, limit: int) -> str | None:
    import unicodedata

    if MARKUP_IN_TEXT.search(value):
        return (f"'{key}' must be plain text, without < > \" ` {{{{ {{% or &...;: {value!r} "
                "(use ‘ ’ or “ ” for quotes)")
    if len(value) > limit:
        return f"'{key}' is {len(value)} characters long; at most {limit}"
    for character in value:
        if unicodedata.category(character) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") \
                and character not in "\n\t":
            return (f"'{key}' contains an invisible or direction-changing character "
                    f"(U+{ord(character):04X})")
    return None
