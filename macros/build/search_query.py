"""Search queries without stop words: one change to Material's search worker.

Material adds a trailing wildcard to every word of a query, so "who do i
tell" is searched as "who* do* i* tell*". A word with a wildcard skips lunr's
stop-word filter: "i*" and "it*" then match every indexed word that starts
with those letters, and a question typed in full ranks pages by how many of
their words begin with "i" or "wh". The change drops the stop words from the
query before the wildcards are added, unless every word is one (then the
query stays as it is, so "what do i do" still finds the start page).
On tests/data/search-queries.yml (benchmarks/search_quality.py) the share
with a right page in the first three went from 93.2% to 97.3%, and from 91.7%
to 97.2% on the held-out queries.

The worker is Material's own file, changed in the built site. The text the
change rests on must occur exactly once: a Material release that rewrote
the worker stops the build here, instead of searching another way without a
word.
"""

from __future__ import annotations

from pathlib import Path

WORKERS = Path("assets") / "javascripts" / "workers"

# Material 9.8.2's query transform (src/.../search/query/transform): split the
# query into words, tokenise each; the wildcards are added right after this.
SPLIT_WORDS = ".split(/\\s+/g).reduce((r,n)=>{let i=e(n);return[...r,...Array.isArray(i)?i:[i]]},[])"
DROP_STOP_WORDS = (".filter((r,n,a)=>a.every(x=>!lunr.stopWordFilter(x.toLowerCase()))"
                   "||lunr.stopWordFilter(r.toLowerCase()))")


class SearchQueryError(ValueError):
    """Material's search worker is not the one this change was written for (one line)."""


def without_stop_words(worker: str, where: str) -> str:
    """The worker's source with stop words dropped from each query."""
    if DROP_STOP_WORDS in worker:
        return worker
    found = worker.count(SPLIT_WORDS)
    if found != 1:
        raise SearchQueryError(
            f"{where}: Material's search worker has changed (its query transform was found "
            f"{found} times, not once); update macros/build/search_query.py for this release")
    return worker.replace(SPLIT_WORDS, SPLIT_WORDS + DROP_STOP_WORDS)


def rewrite_worker(site_dir: Path | str) -> None:
    """Change the search worker in a built site (a site without search: nothing to do)."""
    workers = sorted((Path(site_dir) / WORKERS).glob("search.*.min.js"))
    for path in workers:
        where = path.relative_to(site_dir).as_posix()
        source = path.read_text(encoding="utf-8")
        path.write_text(without_stop_words(source, where), encoding="utf-8")
