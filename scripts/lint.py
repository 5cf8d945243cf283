"""Editorial checks, each runnable alone; `all` runs every one.

    python scripts/lint.py spelling      # codespell, British English (.codespellrc)
    python scripts/lint.py markdown      # pymarkdownlnt (.pymarkdown.yml)
    python scripts/lint.py yaml          # yamllint (.yamllint)
    python scripts/lint.py links SITE    # lychee, offline, with #fragments
    python scripts/lint.py readability [SITE]   # data/readability.yml
    python scripts/lint.py all           # all of them (builds the site once)

Without SITE, `links` and `readability` build the site into a temporary folder
first. Each check prints what it found and exits non-zero on any problem.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from macros.build.engine import build_quietly, tool

ROOT = Path(__file__).resolve().parents[1]


def existing(*names: str) -> list[str]:
    return [n for n in names if (ROOT / n).exists()]


# What each check reads. Code (macros/, hooks/, scripts/, tests/) is left to
# code review: its identifiers follow the libraries' American spelling.
SPELLING_PATHS = existing("docs", "data", "organisation.yml", "profiles", "README.md",
                          "CONTRIBUTING.md", ".github", "overrides", "mkdocs.yml")
MARKDOWN_PATHS = existing("docs", "README.md", "CONTRIBUTING.md", ".github/pull_request_template.md")
YAML_PATHS = existing("data", "organisation.yml", "profiles", "mkdocs.yml", ".github",
                      ".yamllint", ".pymarkdown.yml")


def spelling_command(paths: list[str] = SPELLING_PATHS) -> list[str]:
    return [tool("codespell"), *paths]


def markdown_command(paths: list[str] = MARKDOWN_PATHS) -> list[str]:
    return [tool("pymarkdown"), "--strict-config", "--config", ".pymarkdown.yml",
            "scan", "--recurse", *paths]


def yaml_command(paths: list[str] = YAML_PATHS) -> list[str]:
    return [tool("yamllint"), "--strict", "--format", "parsable", *paths]


def links_command(site: Path) -> list[str]:
    # --offline: only links inside the built site; --include-fragments: every
    # #anchor must exist on its page; --index-files: "page/" means page/index.html;
    # --root-dir: 404.html uses links from the site root.
    return [tool("lychee"), "--offline", "--include-fragments", "--no-progress",
            "--index-files", "index.html", "--root-dir", str(site),
            "--exclude-path", r"sitemap\.xml", str(site)]


def readability_command(site: Path) -> list[str]:
    return [sys.executable, str(ROOT / "scripts" / "readability.py"), str(site)]


def run(command: list[str]) -> int:
    print("$", " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command)), flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def build(site: Path) -> None:
    build_quietly(site, ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"spelling", "markdown", "yaml", "links", "readability", "all"}:
        print(__doc__, file=sys.stderr)
        return 2
    check, site_arg = argv[0], (Path(argv[1]) if len(argv) > 1 else None)
    simple = {"spelling": spelling_command, "markdown": markdown_command, "yaml": yaml_command}
    if check in simple:
        return run(simple[check]())
    with tempfile.TemporaryDirectory(prefix="lint-site-") as tmp:
        site = site_arg
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        if check == "links":
            return run(links_command(site))
        if check == "readability":
            return run(readability_command(site))
        codes = [run(simple[name]()) for name in ("spelling", "markdown", "yaml")]
        codes += [run(links_command(site)), run(readability_command(site))]
    failed = sum(1 for code in codes if code)
    print("All editorial checks passed." if not failed else f"{failed} check(s) failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
