"""The search queries of tests/data/search-queries.yml, and how to score them.

Used by tests/browser/test_search.py and benchmarks/search_quality.py, so the
test and the figures in the README count hits the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from tests.sitebuild import ROOT

QUERIES_FILE = ROOT / "tests" / "data" / "search-queries.yml"
TOP = 3
TARGET_HIT_RATE = 0.95


@dataclass(frozen=True)
class Query:
    query: str
    expect: tuple[str, ...]  # page URLs as in the built site ("" = start page)
    holdout: bool = False


def load_queries() -> list[Query]:
    data = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    queries = []
    for i, item in enumerate(data["queries"]):
        unknown = set(item) - {"query", "expect", "holdout"}
        if unknown or not item.get("expect"):
            raise ValueError(f"{QUERIES_FILE.name}: queries.{i}: needs query and expect "
                             f"(and optional holdout), got {sorted(item)}")
        queries.append(Query(item["query"], tuple(item["expect"]), bool(item.get("holdout"))))
    return queries


@dataclass(frozen=True)
class Outcome:
    query: Query
    pages: list[str]  # result pages in order

    @property
    def hit(self) -> bool:
        return any(page in self.query.expect for page in self.pages[:TOP])


def hit_rate(outcomes: list[Outcome]) -> float:
    return sum(o.hit for o in outcomes) / len(outcomes) if outcomes else 0.0


def describe_misses(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.query.query!r}: expected one of {list(o.query.expect)}, got {o.pages[:TOP]}"
            for o in outcomes if not o.hit]
