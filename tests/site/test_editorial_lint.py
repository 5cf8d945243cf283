"""Prose and file lint: each check passes on the project and fires on a bad file.

The same commands as `make lint` (scripts/lint.py), run from the project root
so each tool reads its config file there.
"""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from scripts import readability
from scripts.lint import markdown_command, spelling_command, yaml_command
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


# ── Spelling (codespell, British English) ─────────────────────────────────

def test_spelling_passes_on_the_project():
    result = run(spelling_command())
    assert result.returncode == 0, result.stdout + result.stderr


def test_misspelling_and_american_spelling_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Tell the organization about teh behavior.\n"
                    "Our organisation will recognise the behaviour of a computer program.\n",
                    encoding="utf-8")
    result = run(spelling_command([str(page)]))
    assert result.returncode != 0
    out = result.stdout
    assert "organization ==> organisation" in out
    assert "behavior ==> behaviour" in out
    assert "teh ==> the" in out
    assert ":2:" not in out, "British spellings (and 'program') must pass"


# ── Markdown (pymarkdownlnt) ──────────────────────────────────────────────

def test_markdown_lint_passes_on_the_project():
    result = run(markdown_command())
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdown_lint_fails_on_a_second_h1_and_stray_html(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(page_front_matter() + "# Title\n\nText.\n\n# Second title\n\n<b>bold</b>\n",
                    encoding="utf-8")
    result = run(markdown_command([str(page)]))
    assert result.returncode != 0
    assert "MD025" in result.stdout and "MD033" in result.stdout


def test_every_disabled_markdown_rule_has_a_reason():
    lines = (ROOT / ".pymarkdown.yml").read_text(encoding="utf-8").splitlines()
    config = yaml.safe_load("\n".join(lines))
    disabled = [name for name, rule in config["plugins"].items() if rule.get("enabled") is False]
    assert disabled, "expected at least one disabled rule (md013)"
    for name in disabled:
        start = next(i for i, line in enumerate(lines) if line.strip() == f"{name}:")
        block = []
        for line in lines[start + 1:]:
            if line.strip() == "enabled: false":
                break
            block.append(line.strip())
        assert any(line.startswith("# Reason:") for line in block), f"{name} has no '# Reason:'"


def test_every_disabled_yamllint_rule_has_a_reason():
    lines = (ROOT / ".yamllint").read_text(encoding="utf-8").splitlines()
    disabled = [i for i, line in enumerate(lines) if re.search(r":\s*disable\s*$", line)]
    loosened = [i for i, line in enumerate(lines)
                if re.match(r"^  [a-z-]+:\s*$", line)]
    assert disabled
    for index in disabled + loosened:
        above = lines[max(0, index - 4):index]
        assert any("# Reason:" in line for line in above), lines[index]


# ── YAML (yamllint) ───────────────────────────────────────────────────────

def test_yaml_lint_passes_on_data_profiles_and_config():
    result = run(yaml_command())
    assert result.returncode == 0, result.stdout + result.stderr


def test_yaml_lint_fails_on_a_duplicate_key(tmp_path):
    data = tmp_path / "services.yml"
    data.write_text("services:\n  iwf:\n    name: IWF\n    name: Again\n", encoding="utf-8")
    result = run(yaml_command([str(data)]))
    assert result.returncode != 0 and "key-duplicates" in result.stdout


# ── Readability (textstat, data/readability.yml) ──────────────────────────

def test_readability_limits_come_from_the_data_file():
    limits = readability.load_limits()
    assert limits["audiences"]["all staff"] <= 9
    assert limits["page_types"]["law"] > limits["audiences"]["all staff"]
    assert readability.limit_for(limits, "all staff", "incident") == limits["audiences"]["all staff"]
    assert readability.limit_for(limits, "all staff", "law") == limits["page_types"]["law"]


def test_prose_leaves_out_headings_cards_and_site_furniture():
    html = ("<article><h1>A very long heading with extraordinarily complicated words</h1>"
            "<div class='contact-card'><p>Sam Example, Designated Safeguarding Lead</p></div>"
            "<p class='review-info' data-review-info>Last reviewed</p>"
            "<p>Stop. Tell someone.</p><ul><li>Leave it</li><li>Call us<ul><li>Now</li></ul></li></ul>"
            "</article>")
    assert readability.prose(html) == "Stop. Tell someone. Leave it. Call us. Now."


def test_real_site_is_within_the_readability_limits(built_site: Site):
    scores = readability.check_site(built_site.root, readability.load_limits())
    assert len(scores) >= 20
    assert [s.page for s in scores if s.over] == []


def test_over_complex_staff_page_fails_the_readability_check(family_build):
    result = family_build("good")  # complex.md: two paragraphs of COMPLEX (families.py)
    assert result.ok, result.output
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "readability.py"),
                            str(result.site_dir)], capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert re.search(r"docs/complex\.md: Flesch-Kincaid grade \d+(\.\d)? \(all staff, guidance; "
                     r"limit 9;.*TOO HARD TO READ", check.stdout), check.stdout
