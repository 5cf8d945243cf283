"""Material's search worker, changed to drop stop words from a query."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from macros.build.search_query import (
    DROP_STOP_WORDS,
    SPLIT_WORDS,
    WORKERS,
    SearchQueryError,
    rewrite_worker,
    without_stop_words,
)

INSTALLED = sorted((Path(material.__file__).parent / "templates" / WORKERS).glob("search.*.min.js"))


def test_the_installed_worker_takes_the_change_once():
    assert len(INSTALLED) == 1, INSTALLED
    source = INSTALLED[0].read_text(encoding="utf-8")
    changed = without_stop_words(source, "search.min.js")
    assert changed.count(DROP_STOP_WORDS) == 1
    assert changed.index(DROP_STOP_WORDS) == changed.index(SPLIT_WORDS) + len(SPLIT_WORDS)
    # The wildcards are still added after it.
    assert "`${r}*`" in changed[changed.index(DROP_STOP_WORDS):]
    assert without_stop_words(changed, "search.min.js") == changed  # twice: no change


def test_a_worker_from_another_release_stops_the_build_in_one_line():
    with pytest.raises(SearchQueryError) as caught:
        without_stop_words("self.onmessage=()=>{}", "assets/javascripts/workers/search.x.min.js")
    message = str(caught.value)
    assert message.startswith("assets/javascripts/workers/search.x.min.js: Material's search "
                              "worker has changed") and "\n" not in message


def test_rewrite_worker_changes_the_built_sites_worker(tmp_path):
    workers = tmp_path / WORKERS
    workers.mkdir(parents=True)
    (workers / "search.abc.min.js").write_text(f"x{SPLIT_WORDS}.map(r=>`${{r}}*`)", encoding="utf-8")
    rewrite_worker(tmp_path)
    assert DROP_STOP_WORDS in (workers / "search.abc.min.js").read_text(encoding="utf-8")
    rewrite_worker(tmp_path / "no-search-here")  # a site without search: nothing to do
