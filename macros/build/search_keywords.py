"""The search index: the vocabulary, front-matter keywords and descriptions.

Words a reader might type that a page does not (abbreviations, street terms,
misspellings, the terms a distressed person might still use) live in
data/search-vocabulary.yml, mapped to the pages that answer them
(macros/search_vocabulary.py); a page may add its own in front matter:

    keywords: paedophile, pedophile, indecent images, section 46

They go, with the page's `description`, into the search index
(search/search_index.json) as a separate field, `keywords`, on the page's own
entry: searched, never shown. The page entry's text, which Material shows as
the result's snippet, becomes the page's description; the text it replaces is
still searched, as the field `lead`. hooks/search_keywords.py rewrites the
index before Material's offline plugin inlines it for the file share, so
both carry the same words.

Front matter that is not valid YAML is stopped earlier (macros/frontmatter.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Weight of a keyword match: between the page text (1) and its title (1000,
# Material's default), so a page's own title still ranks first. Measured with
# benchmarks/search_quality.py: 150 to 300 find the most right pages.
KEYWORDS_BOOST = 200
LEAD_BOOST = 1

INDEX = Path("search") / "search_index.json"


class KeywordsError(ValueError):
    """A page's `keywords` are not text, or a page carries words it may not
    (one line: page and key)."""


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


def page_keywords(meta: dict, page: str, vocabulary_words: list[str] | None = None,
                  rejected: list[str] | None = None) -> list[str]:
    """What the index gets for one page: its description, its keywords, then the
    vocabulary's words for it. Rejected terms only where the page allows them."""
    if rejected and not meta.get("allow_rejected_terms"):
        raise KeywordsError(
            f"data/search-vocabulary.yml: rejected terms are listed for docs/{page}, which "
            "does not say allow_rejected_terms: true (only the terminology page may carry them)")
    words = [*parse_keywords(meta.get("keywords"), f"docs/{page}"), *(vocabulary_words or [])]
    description = meta.get("description")
    if isinstance(description, str) and description.strip():
        words = [description.strip(), *words]
    return words


def page_description(meta: dict) -> str | None:
    description = meta.get("description")
    if isinstance(description, str) and description.strip():
        return " ".join(description.split())
    return None


def add_keywords_to_index(site_dir: Path, keywords: dict[str, list[str]],
                          descriptions: dict[str, str] | None = None) -> None:
    """Rewrite the built search index with the keywords (no index: nothing to do)."""
    path = Path(site_dir) / INDEX
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_keywords(index, keywords, descriptions=descriptions),
                               separators=(",", ":")), encoding="utf-8")


def a_to_z_url(vocabulary, files) -> str | None:
    """The A–Z page's URL (for the header link; it differs on the file share),
    after checking that every page the vocabulary names exists. A site without
    the A–Z page (a small test fixture) publishes no vocabulary: None, no check."""
    from ..search_vocabulary import A_TO_Z_PAGE, check_pages

    page = files.get_file_from_path(A_TO_Z_PAGE)
    if page is None:
        return None
    check_pages(vocabulary, {f.src_uri for f in files.documentation_pages()})
    return page.url


# The safety furniture every incident page repeats (the 999 line, the
# never-do list, the contact cards, the report-it-yourself line): the same
# words on every page say nothing about which page answers a query, so search
# leaves them out. They stay on the page. Only blocks with no block of the
# same tag inside are listed: Material's index parser matches skipped
# elements by tag name, so a nested <div> inside a skipped <div> would end
# the skip early.
FURNITURE = ("emergency", "never-do", "contact-card", "service-card", "report-yourself",
             "who-to-tell__heading")
_FURNITURE_TAG = re.compile(
    r'<(div|p|section)(\s+class="(?:' + "|".join(FURNITURE) + r')(?:\s[^"]*)?")')


# The contacts page is where a name, number or address should be found: its
# cards stay searchable.
CONTACTS_PAGE = "contacts.md"
_FURNITURE_BUT_CARDS = re.compile(
    r'<(div|p|section)(\s+class="(?:' + "|".join(
        f for f in FURNITURE if f not in ("contact-card", "service-card")) + r')(?:\s[^"]*)?")')


def exclude_furniture(html: str, page: str | None = None) -> str:
    """The page HTML with `data-search-exclude` on each block of safety furniture
    (on the contacts page, every block but the contact and service cards)."""
    pattern = _FURNITURE_BUT_CARDS if page == CONTACTS_PAGE else _FURNITURE_TAG
    return pattern.sub(r"<\1\2 data-search-exclude", html)


class SearchBuild:
    """One build's search words: each page's keywords and description,
    written into the index once the search plugin has made it."""

    def __init__(self) -> None:
        self.vocabulary = None
        self.words: dict[str, list[str]] = {}
        self.rejected: dict[str, list[str]] = {}
        self.keywords: dict[str, list[str]] = {}
        self.descriptions: dict[str, str] = {}

    def start(self, project_dir: Path) -> None:
        """A new build (DataFileError for a bad vocabulary)."""
        from ..search_vocabulary import rejected_by_page, words_by_page
        from ..site import load_site

        self.vocabulary = load_site(project_dir).search_vocabulary
        self.words, self.rejected = words_by_page(self.vocabulary), rejected_by_page(self.vocabulary)
        self.keywords, self.descriptions = {}, {}

    def a_to_z(self, files) -> str | None:
        """The header's A–Z link (overrides/main.html); DataFileError for a
        vocabulary naming a page that does not exist."""
        return a_to_z_url(self.vocabulary, files)

    def note_page(self, meta: dict, page: str, url: str) -> None:
        """One page's words (KeywordsError: one line naming page and key)."""
        words = page_keywords(meta, page, self.words.get(page), self.rejected.get(page))
        if words:
            self.keywords[url] = words
        description = page_description(meta)
        if description:
            self.descriptions[url] = description

    def finish(self, site_dir: Path | str) -> None:
        add_keywords_to_index(site_dir, self.keywords, self.descriptions)
