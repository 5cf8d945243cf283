"""The tests' build process (tests/sitebuild.py) answers as `mkdocs build` in a
child process does: the same exit code, the same lines and the same files.

One fixture site per family: one that builds, one that the page gate stops
(mkdocs-macros' own exit), one that strict mode aborts, one with an error
MkDocs does not handle (a traceback); the good one is built last, after the
failures, in the same build process.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.failures.families import FAMILY_ENV, make_family_site
from tests.sitebuild import BuildResult, build, make_fixture_site, page_front_matter

TIMING = re.compile(r"Documentation built in [0-9.]+ seconds")


def lines(result: BuildResult) -> list[str]:
    text = TIMING.sub("Documentation built in N seconds", result.output)
    return text.replace(str(result.site_dir), "SITE").splitlines()


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def both(config: Path, where: Path, extra_env=None) -> tuple[BuildResult, BuildResult]:
    profile = config.parent / "organisation.yml"
    in_process = build(where / "worker", config_file=config, profile=profile, extra_env=extra_env)
    fresh = build(where / "fresh", config_file=config, profile=profile, extra_env=extra_env,
                  fresh=True)
    return in_process, fresh


@pytest.mark.parametrize("family", ["page-templates", "links", "good"])
def test_a_build_gives_what_a_fresh_mkdocs_build_gives(tmp_path, family):
    config = make_family_site(family, tmp_path / "src")
    worker, fresh = both(config, tmp_path, FAMILY_ENV.get(family))
    assert worker.returncode == fresh.returncode
    assert (worker.returncode == 0) == (family == "good"), fresh.output
    assert lines(worker) == lines(fresh)
    if family == "good":
        assert files(worker.site_dir) == files(fresh.site_dir)


def test_an_unhandled_error_shows_its_traceback_as_a_fresh_build_does(tmp_path):
    """A hook that raises: no one-line message, so the output must say so loudly."""
    config = make_fixture_site(tmp_path / "src", {"index.md": page_front_matter() + "# Start\n"})
    (tmp_path / "src" / "hooks-extra.py").write_text(
        "def on_config(config):\n    raise KeyError('planted fault')\n", encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n- hooks-extra.py\n", 1)
    config.write_text(text, encoding="utf-8")
    worker, fresh = both(config, tmp_path)
    assert worker.returncode == fresh.returncode == 1
    assert "Traceback (most recent call last):" in worker.output
    assert "KeyError: 'planted fault'" in worker.output
    assert [line for line in lines(worker) if not line.startswith("  ")] == [
        line for line in lines(fresh) if not line.startswith("  ")]


def test_a_command_leaves_the_process_as_it_found_it(tmp_path):
    """What MkDocs's command line changes for the process (log handlers and
    filters, warning filters, the working folder, the environment, the
    import path) is put back after each job, whatever the job did."""
    import logging
    import os
    import sys
    import warnings

    from mkdocs.commands import build as build_module

    from scripts.build_worker import run_command

    def process_state() -> tuple:
        return (list(logging.getLogger("mkdocs").handlers), list(build_module.log.filters),
                list(warnings.filters), warnings.showwarning, os.getcwd(), dict(os.environ),
                list(sys.path))

    before = process_state()
    # A plain MkDocs site whose hook changes the process as mkdocs-macros does.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    (tmp_path / "planted.py").write_text(
        "import os, sys, warnings\n"
        "def on_config(config):\n"
        "    sys.path.insert(0, 'planted-folder')\n"
        "    os.environ['PLANTED_BY_THE_BUILD'] = '1'\n"
        "    warnings.simplefilter('ignore')\n"
        "    os.chdir(os.path.dirname(__file__) + '/docs')\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plain\nhooks: [planted.py]\n",
                                          encoding="utf-8")
    env = {**os.environ, "PLANTED_BY_THE_JOB": "1"}
    done = run_command({"kind": "mkdocs", "args": ["build", "--strict", "--site-dir",
                                                   str(tmp_path / "out")],
                        "cwd": str(tmp_path), "env": env})
    assert done["returncode"] == 0, done
    assert (tmp_path / "out" / "index.html").is_file()
    assert process_state() == before
