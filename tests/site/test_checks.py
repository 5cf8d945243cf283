"""Checks outside the engine: `make check` over any built site, and the build
that refuses to finish when one of its steps did not run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import material
import yaml

from macros.build import search_query, sentinel
from macros.build.checks import all_problems
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter


def test_every_check_passes_on_the_real_site(built_site: Site):
    assert all_problems(built_site.root, ROOT) == []


def test_make_check_names_each_planted_problem(built_site: Site, tmp_path):
    """An unsafe instruction and an off-list link in a copy of the built HTML,
    a missing owner in a copy of the sources: `make check` names all three."""
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    contacts = site / "contacts" / "index.html"
    html = contacts.read_text(encoding="utf-8")
    planted = ('<p>Take a screenshot of the image and keep it safe.</p>'
               '<p><a href="https://tracker.example.net/pixel">More</a></p>')
    contacts.write_text(html.replace("<h1 id=", planted + "<h1 id=", 1), encoding="utf-8")
    src = tmp_path / "src"
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, src / name)
    for name in ("mkdocs.yml", "organisation.yml"):
        shutil.copy(ROOT / name, src / name)
    tips = src / "docs" / "top-tips.md"
    tips.write_text(re.sub(r"\nowner: [^\n]*\n", "\n", tips.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in ("ORG_PROFILE", "MAKEFLAGS")}
    result = subprocess.run(["make", "-s", "check", f"SITE={site}", f"PROJECT={src}"], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    assert result.returncode != 0
    assert "docs/top-tips.md: front matter: missing 'owner'" in lines
    assert any(line.startswith('docs/contacts.md: unsafe instruction "Take a screenshot"')
               for line in lines), result.stdout
    assert ("docs/contacts.md: external link to https://tracker.example.net/pixel: domain "
            "tracker.example.net is not on the allowlist in data/external-links.yml") in lines
    assert len(lines) == 3, result.stdout


def test_a_site_built_without_the_steps_is_refused(built_site: Site, tmp_path):
    """What an engine that skips the hooks leaves: no review line, report,
    documents or keywords. Each missing trace is named."""
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    (site / "review-report.json").unlink()
    for document in site.rglob("*.docx"):
        document.unlink()
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("data-review-info", "data-x"),
                    encoding="utf-8")
    index = site / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace('"keywords"', '"k"'), encoding="utf-8")
    installed = sorted((Path(material.__file__).parent / "templates" / search_query.WORKERS)
                       .glob("search.*.min.js"))[0]
    shutil.copy(installed, site / search_query.WORKERS / installed.name)  # Material's own
    text = "\n".join(all_problems(site, ROOT))
    assert "site/review-report.json: missing: the review step did not run" in text
    assert "site/index.html: no review line (data-review-info)" in text
    assert "site/policies/acceptable-use/index.html: no .docx document beside the page" in text
    assert "site/search/search_index.json: no keywords field" in text
    assert (f"site/assets/javascripts/workers/{installed.name}: search keeps stop words in "
            "queries: the search query step did not run") in text


def test_the_sentinel_names_each_step_that_did_not_run():
    sentinel.start()
    for step in sentinel.STEPS[1:]:
        sentinel.ran(step)
    assert sentinel.missing() == [
        f"mkdocs.yml: hooks: the build step hooks/{sentinel.STEPS[0]}.py did not run, so its "
        f"checks were skipped; list it under hooks: (macros/build/{sentinel.STEPS[0]}.py)"]
    sentinel.ran(sentinel.STEPS[0])
    assert sentinel.missing() == []


def test_the_steps_are_the_hooks_in_mkdocs_yml():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert sorted(config["hooks"]) == sorted(f"hooks/{step}.py"
                                             for step in (*sentinel.STEPS, *sentinel.SERVE_ONLY))


def test_removing_a_hook_line_stops_the_build(tmp_path):
    config_file = make_fixture_site(tmp_path / "src", {"index.md": page_front_matter() + "# Start\n"})
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"].remove("hooks/content_checks.py")
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = build(tmp_path / "out", config_file=config_file,
                   profile=tmp_path / "src" / "organisation.yml")
    assert not result.ok
    assert "the build step hooks/content_checks.py did not run" in result.output
