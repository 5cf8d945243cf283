"""Documents made by earlier builds are kept outside the project.

A cached document is published as it is; a file in the project can come
with a pull request, so the cache is the user's (SITE_CACHE_DIR).
"""

from __future__ import annotations

from pathlib import Path

from macros.build.policy_downloads import CACHE_SUBDIR, PolicyDocuments
from macros.settings import current
from tests.sitebuild import ROOT


def test_the_cache_is_the_users_never_the_projects(monkeypatch, tmp_path):
    monkeypatch.delenv("SITE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert current().cache_dir == tmp_path / "xdg" / "csam-at-work"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert current().cache_dir == tmp_path / "home" / ".cache" / "csam-at-work"
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "given"))
    assert current().cache_dir == tmp_path / "given"


def test_a_build_reads_documents_only_from_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    documents = PolicyDocuments()
    documents.start(ROOT)
    try:
        cache = Path(documents.documents.cache_dir)
        assert cache == tmp_path / "cache" / CACHE_SUBDIR
        assert not cache.resolve().is_relative_to(ROOT.resolve())
    finally:
        documents.close()
