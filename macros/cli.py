"""Command-line checks over the sources and a built site.

    python -m macros.cli check [--site SITE_DIR] [--project DIR]
    make check SITE=path/to/built/site
    python -m macros.cli triage-pages DOCS_DIR     write the generated triage pages

`triage-pages` is for engines that do not run the hooks (the Zensical
canary in CI): it writes the pages hooks/triage_pages.py would add.

`check` runs every check (macros/build/checks.py) on the project's sources and, with
--site, on a site built by any engine. Prints one line per problem and exits
1 if there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build.checks import all_problems
from .site import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="every check on the sources and a built site")
    check.add_argument("--site", type=Path, help="a built site (mkdocs, properdocs, zensical ...)")
    check.add_argument("--project", type=Path, default=Path.cwd(), help="the project folder")
    pages = commands.add_parser("triage-pages", help="write the triage pages under DOCS_DIR")
    pages.add_argument("docs_dir", type=Path)
    pages.add_argument("--project", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if args.command == "triage-pages":
        for uri, markdown in load_site(args.project).triage_pages.items():
            (args.docs_dir / uri).parent.mkdir(parents=True, exist_ok=True)
            (args.docs_dir / uri).write_text(markdown, encoding="utf-8")
        return 0
    if args.site is not None and not args.site.is_dir():
        print(f"{args.site}: no such folder (build the site first)", file=sys.stderr)
        return 2
    problems = all_problems(args.site, args.project)
    for problem in problems:
        print(problem)
    where = f"{args.project}" + (f" and {args.site}" if args.site else "")
    print(f"{len(problems)} problem(s) in {where}" if problems else f"All checks passed: {where}",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
