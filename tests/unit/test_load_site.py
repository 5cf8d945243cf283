"""The Site: every data file loaded once, and again only after it changes."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

from macros.datafiles import DataFileError
from macros.site import load_site
from tests.sitebuild import ROOT


def copy_project(where: Path) -> Path:
    for name in ("data",):
        shutil.copytree(ROOT / name, where / name)
    shutil.copy(ROOT / "organisation.yml", where / "organisation.yml")
    return where


def test_the_site_is_loaded_once_and_shared(monkeypatch):
    monkeypatch.delenv("ORG_PROFILE", raising=False)
    site = load_site(ROOT)
    assert load_site(ROOT) is site
    assert site.profile.organisation.name and site.routes.routes and site.sources.sources
    assert site.triage_pages["triage/index.md"].startswith("---\n")
    assert site.content_checker is site.content_checker


def test_an_edited_data_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.delenv("ORG_PROFILE", raising=False)
    project = copy_project(tmp_path)
    first = load_site(project)
    profile = project / "organisation.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        first.profile.organisation.name, "Renamed Example Org", 1), encoding="utf-8")
    os.utime(profile, ns=(1, 1))  # a new version even within the clock's resolution
    second = load_site(project)
    assert second is not first and second.profile.organisation.name == "Renamed Example Org"


def test_a_broken_data_file_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.delenv("ORG_PROFILE", raising=False)
    project = copy_project(tmp_path)
    (project / "data" / "routes.yml").write_text("routes: [\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_site(project)
    assert "routes.yml" in str(caught.value) and "\n" not in str(caught.value)


# ── The shape of the code ──────────────────────────────────────────────────

PYTHON_FILES = sorted(p for folder in ("macros", "hooks", "scripts", "tests", "benchmarks")
                      for p in (ROOT / folder).rglob("*.py"))


def _is_sys_path(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "path"
            and isinstance(node.value, ast.Name) and node.value.id == "sys")


def _puts_back(node: ast.AST) -> set[int]:
    """ids of the sys.path nodes in `list(sys.path)` (a copy) and
    `sys.path[:] = saved` (a copy put back): what a long-lived build process
    does around each build (scripts/build_worker.py), never adding a folder."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list"
            and len(node.args) == 1 and _is_sys_path(node.args[0])):
        return {id(node.args[0])}
    if (isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Subscript) and _is_sys_path(node.targets[0].value)
            and isinstance(node.targets[0].slice, ast.Slice) and node.targets[0].slice.lower is None
            and node.targets[0].slice.upper is None and isinstance(node.value, ast.Name)):
        return {id(node.targets[0].value)}
    return set()


def import_path_uses(tree: ast.AST) -> list[int]:
    """Line numbers of each use of sys.path other than a copy put back."""
    allowed = set().union(*(_puts_back(node) for node in ast.walk(tree)))
    return sorted(node.lineno for node in ast.walk(tree)
                  if _is_sys_path(node) and id(node) not in allowed)


def test_no_file_edits_the_import_path():
    """The project is installed (make install): nothing reaches for sys.path."""
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in PYTHON_FILES
                 for line in import_path_uses(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == []


def test_the_import_path_check_sees_an_insert_and_allows_a_copy_put_back():
    planted = ast.parse("import sys\nsaved = list(sys.path)\nsys.path.insert(0, 'x')\n"
                        "sys.path[:] = saved\nsys.path = ['y']\n")
    assert import_path_uses(planted) == [3, 5]


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_hooks_are_wiring_and_nothing_imports_a_hook():
    for path in sorted((ROOT / "hooks").glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 60, (
            f"{path.name}: logic belongs in macros/build/{path.name}")
        assert (ROOT / "macros" / "build" / path.name).is_file(), f"{path.name}: no build step module"
    for path in PYTHON_FILES:
        hooks = {name for name in imported_modules(path) if name.split(".")[0] == "hooks"}
        assert not hooks, f"{path.relative_to(ROOT)}: imports {hooks}; import macros.build instead"
