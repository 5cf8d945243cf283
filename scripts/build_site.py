"""Build the site atomically: a failed build never replaces the last good one.

MkDocs empties its output folder before it writes pages, so a build that
fails half-way leaves a half-written site. This script builds into a fresh
folder beside the target and swaps it in only when `mkdocs build --strict`
succeeded. A killed build's staging folder is removed by the next one, the
swap holds a lock, and a full disk, an output folder that cannot be replaced
or a read-only project is one line (macros/build/safe_output.py).

    python scripts/build_site.py [--site-dir site] [--config-file mkdocs.yml]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from contextlib import nullcontext
from pathlib import Path

from macros.build import engine, safe_output


def build(site_dir: Path, config_file: Path, extra_args: list[str] | None = None) -> int:
    site_dir = site_dir.resolve()
    try:
        # Builds that were killed leave their staging folders: remove them.
        with safe_output.swap_lock(site_dir) if site_dir.parent.is_dir() else nullcontext():
            safe_output.remove_orphans(site_dir)
        staging = safe_output.make_staging(site_dir)
    except safe_output.OutputError as exc:
        print(f"Build failed: {exc}; {site_dir} was left as it was.", file=sys.stderr)
        return 1
    command = engine.build_command(staging, config_file, "--clean", *(extra_args or []))
    try:
        returncode = safe_output.run_build(command, engine.build_env(), staging=staging)
        if returncode != 0:
            print(f"Build failed: {site_dir} was left as it was.", file=sys.stderr)
            return returncode or 1
        swap_in(staging, site_dir)
    except safe_output.OutputError as exc:
        print(f"Build failed: {exc}.", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir with staging (atomic renames, under a lock)."""
    safe_output.swap_in(staging, site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    return build(args.site_dir, args.config_file)


if __name__ == "__main__":
    sys.exit(main())
