"""MkDocs hook: the search vocabulary and front-matter `keywords` join the search index.

Words a reader might type that a page does not (abbreviations, street terms,
misspellings, the terms a distressed person might still use) live in
data/search-vocabulary.yml, mapped to the pages that answer them
(macros/search_vocabulary.py); a page may add its own in front matter:

    keywords: paedophile, pedophile, indecent images, section 46

The hook adds them, with the page's `description`, to the search index
(search/search_index.json) as a separate field, `keywords`, on the page's own
entry: they are searched, never shown. The page entry's text, which Material
shows as the result's snippet, becomes the page's description; the text it
replaces is still searched, as the field `lead`. It runs before Material's
offline plugin inlines the index for the file-share copy, so both carry it.

It also tells the theme where the A–Z of topics page is (`extra.a_to_z_url`),
for the header link (overrides/main.html).

Front matter that is not valid YAML is stopped earlier, by hooks/review.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Weight of a keyword match: between the page text (1) and its title (1000,
# Material's default), so a page's own title still ranks first.
KEYWORDS_BOOST = 200
LEAD_BOOST = 1

_state: dict = {"keywords": {}, "descriptions": {}, "vocabulary": {}, "rejected": {}}


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


def add_keywords(index: dict, keywords: dict[str, list[str]], boost: float = KEYWORDS_BOOST,
                 descriptions: dict[str, str] | None = None) -> dict:
    """Return the search index with a `keywords` field on each page's own entry.

    `keywords` maps a page URL (as in the index's `location`, e.g.
    "contacts/") to its keywords. Section entries ("contacts/#hr") are left
    alone: a keyword finds the page, not one of its sections. Where
    `descriptions` gives a page's description, it becomes the entry's text
    (the snippet shown) and the old text moves to the field `lead`.
    """
    descriptions = descriptions or {}
    docs = []
    for doc in index["docs"]:
        doc = dict(doc)
        words = keywords.get(doc["location"])
        if words:
            doc["keywords"] = " ".join(words)
        description = descriptions.get(doc["location"])
        if description:
            doc["lead"], doc["text"] = doc.get("text", ""), description
        docs.append(doc)
    fields = {**index["config"]["fields"], "keywords": {"boost": boost}}
    if descriptions:
        fields["lead"] = {"boost": LEAD_BOOST}
    return {**index, "config": {**index["config"], "fields": fields}, "docs": docs}


def on_pre_build(config) -> None:
    project = Path(config.config_file_path).parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from macros.content_rules import load_rules
    from macros.datafiles import DataFileError
    from macros.search_vocabulary import load_vocabulary, rejected_by_page, words_by_page

    try:
        vocabulary = load_vocabulary(project, load_rules(project))
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    _state.update(keywords={}, descriptions={}, vocabulary=words_by_page(vocabulary),
                  rejected=rejected_by_page(vocabulary), model=vocabulary)


def on_files(files, config):
    from macros.datafiles import DataFileError
    from macros.search_vocabulary import A_TO_Z_PAGE, check_pages

    try:
        check_pages(_state["model"], {f.src_uri for f in files.documentation_pages()})
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    a_to_z = files.get_file_from_path(A_TO_Z_PAGE)
    config["extra"]["a_to_z_url"] = a_to_z.url if a_to_z is not None else None
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    where = f"docs/{src}"
    if _state["rejected"].get(src) and not (page.meta or {}).get("allow_rejected_terms"):
        raise PluginError(f"data/search-vocabulary.yml: rejected terms are listed for {where}, "
                          "which does not say allow_rejected_terms: true (only the "
                          "terminology page may carry them)")
    words = [*parse_keywords(page.meta.get("keywords"), where), *_state["vocabulary"].get(src, [])]
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        words = [description.strip(), *words]
        _state["descriptions"][page.url] = " ".join(description.split())
    if words:
        _state["keywords"][page.url] = words
    return markdown


# After the search plugin has written its index (0), before Material's
# offline plugin copies it into search_index.js for the file share (-100).
@event_priority(-50)
def on_post_build(config) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index = add_keywords(index, _state["keywords"], descriptions=_state["descriptions"])
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
