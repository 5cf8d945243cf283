"""Build the site with MkDocs and with a second engine, and compare the HTML.

    python scripts/compare_engines.py --other .venv-properdocs/bin/python [--engine properdocs]
    make engines

Both builds are strict, from the same sources, into temporary folders. Every
*.html file, the search index and the sitemap must be byte-identical (the
.docx/.odt documents differ only in their creation time, so they are
compared by name). Then every check (`make check`) runs on the second
engine's output. Prints each difference and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.build.checks import all_problems
from macros.build.engine import build_env

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("*.html", "search/search_index.json", "sitemap.xml")
BY_NAME = ("*.docx", "*.odt")


def _digests(site: Path, patterns: tuple[str, ...]) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()  # noqa: S324
            for pattern in patterns for p in site.rglob(pattern) if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    """One line per file that differs, or is in one site only."""
    a, b = _digests(first, COMPARED), _digests(second, COMPARED)
    lines = [f"{name}: differs" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    names_a, names_b = set(a) | set(_digests(first, BY_NAME)), set(b) | set(_digests(second, BY_NAME))
    lines += [f"{name}: only in the {first.name} build" for name in sorted(names_a - names_b)]
    lines += [f"{name}: only in the {second.name} build" for name in sorted(names_b - names_a)]
    return lines


def build(python: str, engine: str, out: Path) -> None:
    result = subprocess.run([python, "-m", engine, "build", "--strict", "--quiet", "--site-dir", str(out)],
                            cwd=ROOT, env=build_env(), capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"{engine} build failed:\n{result.stdout}{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, help="the Python that has the second engine")
    parser.add_argument("--engine", default="properdocs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="engines-") as tmp:
        first, second = Path(tmp) / "mkdocs", Path(tmp) / args.engine
        build(sys.executable, "mkdocs", first)
        build(args.other, args.engine, second)
        problems = differences(first, second) + all_problems(second, ROOT)
        count = len(_digests(first, COMPARED))
    for line in problems:
        print(line)
    print(f"{args.engine}: {len(problems)} difference(s) or problem(s)" if problems else
          f"{args.engine}: all {count} compared files identical to MkDocs; every check passed",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
