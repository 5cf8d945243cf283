"""Command-line checks over the sources and a built site.

    python -m macros.cli check [--site SITE_DIR] [--project DIR]
    make check SITE=path/to/built/site

Runs every check (macros/build/checks.py) on the project's sources and, with
--site, on a site built by any engine. Prints one line per problem and exits
1 if there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build.checks import all_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="every check on the sources and a built site")
    check.add_argument("--site", type=Path, help="a built site (mkdocs, properdocs, zensical ...)")
    check.add_argument("--project", type=Path, default=Path.cwd(), help="the project folder")
    args = parser.parse_args(argv)
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
