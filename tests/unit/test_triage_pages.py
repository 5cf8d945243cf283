"""The triage step in process: the generated pages join MkDocs' files from a
temporary folder, a page an editor also wrote is refused, and the folder is
removed afterwards (no build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from macros.build.triage_pages import TRIAGE_START, TriageBuild, TriageConflict

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def config():
    loaded = load_config(str(ROOT / "mkdocs.yml"))
    loaded.plugins._current_plugin = None  # set by MkDocs while an event runs
    return loaded


def test_the_generated_pages_are_added_and_removed_afterwards(config):
    build, files = TriageBuild(), Files([])
    build.add_pages(files, config)
    added = {file.src_uri: file for file in files}
    assert TRIAGE_START in added and Path(added[TRIAGE_START].abs_src_path).is_file()
    assert build.folder is not None and not build.folder.is_relative_to(ROOT / "docs")
    folder = build.folder
    build.clean_up()
    assert not folder.exists() and build.folder is None


def test_a_generated_page_also_under_docs_is_one_line(config, tmp_path):
    written = File(TRIAGE_START, str(tmp_path), str(tmp_path / "site"), True)
    with pytest.raises(TriageConflict, match=r"^docs/triage/index.md: this page is generated"):
        TriageBuild().add_pages(Files([written]), config)


def test_a_site_without_the_triage_in_its_nav_gets_no_pages(config):
    files = Files([])
    nav, config["nav"] = config["nav"], ["index.md"]
    try:
        TriageBuild().add_pages(files, config)
    finally:
        config["nav"] = nav
    assert list(files) == []
