"""The search vocabulary: the words people type, mapped to the pages that answer them.

data/search-vocabulary.yml holds, once, each topic with its synonyms,
misspellings and (for the terminology page only) the terms the IWF rejects.
The build adds a topic's words to the search index entry of each of its pages
(hooks/search_keywords.py), and the A–Z of topics page renders every topic
and every page from it (`topics_a_to_z()`), so search and the A–Z agree, with
or without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from .content_rules import ContentRules
from .datafiles import DataFileError, load_data
from .errors import PageDataError
from .profile import StrictModel, Text

VOCABULARY_FILE = Path("data") / "search-vocabulary.yml"
A_TO_Z_PAGE = "a-z.md"
MAX_PAGES = 3


class Topic(StrictModel):
    topic: Text = Field(description="What the A–Z shows, in plain words.")
    pages: list[str] = Field(min_length=1, max_length=MAX_PAGES,
                             description="Pages under docs/ that answer it, best first.")
    synonyms: list[Text] = Field(default_factory=list, description="Shown in the A–Z and searched.")
    hidden: list[Text] = Field(default_factory=list, description="Searched, never shown.")
    rejected: list[Text] = Field(
        default_factory=list,
        description="Terms the IWF rejects: searched, never shown; terminology page only.")

    @field_validator("pages")
    @classmethod
    def _markdown_paths(cls, value: list[str]) -> list[str]:
        for page in value:
            if not page.endswith(".md") or page.startswith(("/", ".")) or "\\" in page \
                    or ".." in page.split("/"):
                raise ValueError(f"{page!r} is not a page path under docs/ (e.g. contacts.md)")
        return value

    def words(self) -> list[str]:
        return [self.topic, *self.synonyms, *self.hidden, *self.rejected]


class Vocabulary(StrictModel):
    topics: dict[str, Topic] = Field(min_length=1)


class VocabularyError(DataFileError):
    kind = "Search vocabulary"


def check_rejected_terms(vocabulary: Vocabulary, rules: ContentRules,
                         path: Path | str = VOCABULARY_FILE) -> None:
    """A rejected term is never shown: it may stand only under `rejected`."""
    patterns = [(rule.id, re.compile(rule.pattern, re.I)) for rule in rules.rejected_terms]
    problems = []
    for key, topic in vocabulary.topics.items():
        for part in ("topic", "synonyms", "hidden"):
            values = [topic.topic] if part == "topic" else getattr(topic, part)
            for value in values:
                for rule_id, pattern in patterns:
                    if pattern.search(value):
                        problems.append(f"topics.{key}.{part}: {value!r} is a rejected term "
                                        f"({rule_id}); list it under `rejected`")
    if problems:
        raise VocabularyError(path, problems)


def load_vocabulary(project_dir: Path | str, rules: ContentRules) -> Vocabulary:
    path = Path(project_dir) / VOCABULARY_FILE
    vocabulary = load_data(path, Vocabulary, VocabularyError)
    check_rejected_terms(vocabulary, rules, path)
    return vocabulary


def check_pages(vocabulary: Vocabulary, pages: set[str],
                path: Path | str = VOCABULARY_FILE) -> None:
    """Every page a topic names must be a page of the site."""
    problems = [f"topics.{key}.pages: {page!r} is not a page under docs/"
                for key, topic in vocabulary.topics.items()
                for page in topic.pages if page not in pages]
    if problems:
        raise VocabularyError(path, problems)


def words_by_page(vocabulary: Vocabulary) -> dict[str, list[str]]:
    """Each page's search words from every topic that names it (by path under docs/)."""
    found: dict[str, list[str]] = {}
    for topic in vocabulary.topics.values():
        for page in topic.pages:
            found.setdefault(page, []).extend(topic.words())
    return found


def rejected_by_page(vocabulary: Vocabulary) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for topic in vocabulary.topics.values():
        if topic.rejected:
            for page in topic.pages:
                found.setdefault(page, []).extend(topic.rejected)
    return found


# ── The A–Z of topics ──────────────────────────────────────────────────────

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>&])")


def _md(text: str) -> str:
    """Plain text, safe inside Markdown: special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class Entry:
    name: str
    page: str  # path under docs/
    synonyms: tuple[str, ...] = ()
    is_page: bool = False


def _letter(name: str) -> str:
    first = next((c for c in name.upper() if c.isalnum()), "#")
    return first if "A" <= first <= "Z" else "0–9"


def a_to_z_markdown(vocabulary: Vocabulary, titles: dict[str, str]) -> str:
    """Markdown for the A–Z page: every topic (with its synonyms) and every page,
    grouped by first letter, each linked. `titles` maps each page (path under
    docs/) to its title. Links are Markdown links to the pages' source paths,
    so MkDocs checks and resolves them for the served site and the file share.
    """
    entries = [Entry(t.topic, t.pages[0], tuple(t.synonyms)) for t in vocabulary.topics.values()]
    entries += [Entry(title, page, is_page=True) for page, title in titles.items()
                if page != A_TO_Z_PAGE]
    entries.sort(key=lambda e: (_letter(e.name), e.name.casefold()))
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(_letter(entry.name), []).append(entry)
    lines = ["Jump to: " + " · ".join(f"[{letter}](#az-{letter.lower()})" for letter in groups), ""]
    for letter, group in groups.items():
        lines += [f"## {letter} {{ #az-{letter.lower()} }}", ""]
        for entry in group:
            link = f"[{_md(entry.name)}]({entry.page})"
            if entry.synonyms:
                link += ": also " + ", ".join(_md(s) for s in entry.synonyms)
            lines.append(f"- {link}")
        lines.append("")
    return "\n".join(lines)


def topics_a_to_z(vocabulary: Vocabulary, titles_of_pages) -> str:
    """The macro: `titles_of_pages()` gives each page's title at render time."""
    titles = titles_of_pages()
    if not titles:
        raise PageDataError("topics_a_to_z(): no pages found")
    return a_to_z_markdown(vocabulary, titles)


def page_titles(files) -> dict[str, str]:
    """Each Markdown page's title (front matter `title`, else its file name), by path."""
    from mkdocs.utils.meta import get_data

    titles = {}
    for file in files.documentation_pages():
        _, meta = get_data(file.content_string)
        title = meta.get("title") if isinstance(meta, dict) else None
        titles[file.src_uri] = " ".join(title.split()) if isinstance(title, str) and title.strip() \
            else file.name.replace("-", " ").capitalize()
    return titles
