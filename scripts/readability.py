"""Readability check: each page's prose against its audience's grade limit.

Reads the built site (the page list, audience and page type come from the
site's review-report.json) and the limits in data/readability.yml. Prints
one line per page over its limit, naming the page, its grade and the limit,
and exits 1 if any page is over.

    python scripts/readability.py SITE_DIR [--limits data/readability.yml] [--all]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import textstat

from macros.datafiles import DataFileError, read_yaml

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ROOT / "data" / "readability.yml"

# Left out of the prose: headings, contact/service cards, tables, code and the
# site's own furniture (review line, banners, edit link, permalink marks).
SKIP = (
    ".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//table | .//pre | .//code"
    " | .//*[contains(concat(' ', @class, ' '), ' contact-card ')]"
    " | .//*[contains(concat(' ', @class, ' '), ' service-card ')]"
    " | .//*[contains(concat(' ', @class, ' '), ' admonition-title ')]"
    " | .//*[contains(concat(' ', @class, ' '), ' headerlink ')]"
    " | .//*[@data-review-banner] | //*[@data-review-info] | //*[@data-demo-banner]"
    " | .//*[contains(concat(' ', @class, ' '), ' edit-link ')]"
    " | .//*[@role='doc-endnotes']"
)
BLOCKS = {"p", "li", "dt", "dd", "ul", "ol", "dl", "div", "blockquote", "table", "pre"}


@dataclass
class Score:
    page: str
    audience: str
    page_type: str
    words: int
    grade: float
    limit: float | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.grade > self.limit


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def load_limits(path: Path = LIMITS) -> dict:
    """The limits file, checked: every mistake is one line naming the file and key."""
    try:
        data = read_yaml(path)  # unreadable, not UTF-8, invalid YAML, a key twice
    except DataFileError as exc:
        raise SystemExit(str(exc)) from None
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected min_words, audiences and page_types keys")
    for key in ("min_words", "audiences"):
        if key not in data:
            raise SystemExit(f"{path}: missing '{key}'")
    if not _is_number(data["min_words"]):
        raise SystemExit(f"{path}: min_words: expected a number of words such as 40, got {data['min_words']!r}")
    for section in ("audiences", "page_types"):
        limits = data.get(section) if section == "audiences" else (data.get(section) or {})
        if not isinstance(limits, dict):
            raise SystemExit(f"{path}: {section}: expected 'name: grade' lines, got {limits!r}")
        for name, grade in limits.items():
            if not _is_number(grade):
                raise SystemExit(f"{path}: {section}.{name}: expected a grade such as 9, "
                                 f"got {grade!r}")
    not_prose = data.get("not_prose") or {}
    if not isinstance(not_prose, dict) or not all(isinstance(v, str) and v.strip()
                                                  for v in not_prose.values()):
        raise SystemExit(f"{path}: not_prose: expected 'page.md: why it is not prose' lines")
    return data


def limit_for(limits: dict, audience: str, page_type: str) -> float | None:
    by_type = limits.get("page_types") or {}
    if page_type in by_type:
        return by_type[page_type]
    if audience not in limits["audiences"]:
        raise SystemExit(f"data/readability.yml: audiences: no limit for {audience!r}")
    return limits["audiences"][audience]


def _own_text(element) -> str:
    """An element's text without the text of block elements inside it."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in BLOCKS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def prose(html: str) -> str:
    """The article's paragraphs and list items, each ending as a sentence."""
    tree = lxml.html.fromstring(html)
    articles = tree.xpath("//article")
    article = articles[0] if articles else tree
    for element in article.xpath(SKIP):
        element.drop_tree()
    sentences = []
    for element in article.iter("p", "li", "dt", "dd"):
        text = _own_text(element)
        if text:
            sentences.append(text if text[-1] in ".!?:" else text + ".")
    return " ".join(sentences)


def score(html: str) -> tuple[int, float]:
    text = prose(html)
    return textstat.lexicon_count(text), round(textstat.flesch_kincaid_grade(text), 1)


def check_site(site: Path, limits: dict) -> list[Score]:
    report = json.loads((site / "review-report.json").read_text(encoding="utf-8"))
    scores = []
    for entry in report["pages"]:
        url = entry["url"] or ""
        path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        words, grade = score(path.read_text(encoding="utf-8"))
        limit = limit_for(limits, entry["audience"], entry["page_type"])
        if words < limits["min_words"] or entry["page"] in (limits.get("not_prose") or {}):
            limit = None
        scores.append(Score(entry["page"], entry["audience"], entry["page_type"], words, grade, limit))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--limits", type=Path, default=LIMITS)
    parser.add_argument("--all", action="store_true", help="print every page's grade")
    args = parser.parse_args(argv)
    scores = check_site(args.site, load_limits(args.limits))
    over = [s for s in scores if s.over]
    for s in scores if args.all else over:
        limit = "not scored (too short)" if s.limit is None else f"limit {s.limit:g}"
        verdict = "TOO HARD TO READ" if s.over else "ok"
        print(f"docs/{s.page}: Flesch-Kincaid grade {s.grade:g} ({s.audience}, {s.page_type}; "
              f"{limit}; {s.words} words): {verdict}")
    if over:
        print(f"{len(over)} page(s) over the readability limit in data/readability.yml: "
              "use shorter sentences and shorter words.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
