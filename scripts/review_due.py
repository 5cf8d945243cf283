"""List pages overdue for review or due within N days (default 30).

    python scripts/review_due.py [--days 30] [--docs docs]
    make due DAYS=30

Reads each page's front matter with the same rules as the build
(macros/frontmatter.py, macros/build/review.py). Exits 1 if any page's front matter is wrong; the list
itself is information, so it exits 0 even when pages are due.
REVIEW_TODAY=YYYY-MM-DD pretends today is another day.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.build.review import ReviewError, check_docs, due_within, long_date, today

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    try:
        on = today()
    except ReviewError as exc:
        print(exc, file=sys.stderr)
        return 2
    reviews, problems = check_docs(args.docs, on)
    for problem in problems:
        print(problem, file=sys.stderr)
    due = due_within(reviews, args.days, on)
    if not due:
        print(f"No page is overdue or due for review within {args.days} days "
              f"(today is {long_date(on)}).")
    for r in due:
        days = r.days_left(on)
        when = (f"OVERDUE by {-days} day(s)" if days < 0 else
                "due today" if days == 0 else f"due in {days} day(s)")
        print(f"{r.due}  {when:<22} docs/{r.page}  (owner: {r.owner})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
