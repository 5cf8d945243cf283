"""MkDocs hook: a page's front-matter `keywords` help the site search find it.

    keywords: paedophile, pedophile, indecent images, section 46

Words a reader might type that the page does not (plain words, common
misspellings, the terms a distressed person might still use) go in the
page's front matter, never in its text. The hook adds them, with the page's
`description` (which Material does not index), to the search index
(search/search_index.json) as a separate field, `keywords`, on the page's
own entry: they are searched, never shown.

Front matter that is not valid YAML is stopped earlier, by hooks/review.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Weight of a keyword match: between the page text (1) and its title (1000,
# Material's default), so a page's own title still ranks first.
KEYWORDS_BOOST = 300

_keywords: dict[str, list[str]] = {}


def parse_keywords(value, where: str) -> list[str]:
    """`keywords` as a comma-separated string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise PluginError(f"{where}: keywords: expected text or a list of text, "
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


def on_pre_build(config) -> None:
    _keywords.clear()


def on_page_markdown(markdown, page, config, files):
    where = f"docs/{page.file.src_uri}"
    words = parse_keywords(page.meta.get("keywords"), where)
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        words = [description.strip(), *words]
    if words:
        _keywords[page.url] = words
    return markdown


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_keywords(index, _keywords), separators=(",", ":")),
                    encoding="utf-8")
