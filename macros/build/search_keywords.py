"""A page's front-matter `keywords` help the site search find it.

    keywords: paedophile, pedophile, indecent images, section 46

Words a reader might type that the page does not (plain words, common
misspellings, the terms a distressed person might still use) go in the
page's front matter, never in its text. The hook adds them, with the page's
`description` (which Material does not index), to the search index
(search/search_index.json) as a separate field, `keywords`, on the page's
own entry: they are searched, never shown.

Front matter that is not valid YAML is stopped earlier (macros/frontmatter.py).
hooks/search_keywords.py collects the keywords and rewrites the index.
"""

from __future__ import annotations

import json
from pathlib import Path

# Weight of a keyword match: between the page text (1) and its title (1000,
# Material's default), so a page's own title still ranks first.
KEYWORDS_BOOST = 300

INDEX = Path("search") / "search_index.json"


class KeywordsError(ValueError):
    """A page's `keywords` are not text (one line: page and key)."""


def parse_keywords(value, where: str) -> list[str]:
    """`keywords` as a comma-separated string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise KeywordsError(f"{where}: keywords: expected text or a list of text, "
                          f"got {type(value).__name__}")
    return [" ".join(item.split()) for item in items if item.strip()]


def add_keywords(index: dict, keywords: dict[str, list[str]], boost: float = KEYWORDS_BOOST) -> dict:
    """Return the search index with a `keywords` field on each page's own entry.

    `keywords` maps a page URL (as in the index's `location`, e.g.
    "contacts/") to its keywords. Section entries ("contacts/#hr") are left
    alone: a keyword finds the page, not one of its sections.
    """
    docs = []
    for doc in index["docs"]:
        words = keywords.get(doc["location"])
        docs.append({**doc, "keywords": " ".join(words)} if words else doc)
    fields = {**index["config"]["fields"], "keywords": {"boost": boost}}
    return {**index, "config": {**index["config"], "fields": fields}, "docs": docs}


def page_keywords(meta: dict, page: str) -> list[str]:
    """What the index gets for one page: its description, then its keywords."""
    words = parse_keywords(meta.get("keywords"), f"docs/{page}")
    description = meta.get("description")
    if isinstance(description, str) and description.strip():
        words = [description.strip(), *words]
    return words


def add_keywords_to_index(site_dir: Path, keywords: dict[str, list[str]]) -> None:
    """Rewrite the built search index with the keywords (no index: nothing to do)."""
    path = Path(site_dir) / INDEX
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_keywords(index, keywords), separators=(",", ":")),
                    encoding="utf-8")
