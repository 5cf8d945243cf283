"""Build the site atomically: a failed build never replaces the last good one.

MkDocs empties its output folder before it writes pages, so a build that
fails half-way leaves a half-written site. This script builds into a fresh
folder beside the target and swaps it in only when `mkdocs build --strict`
succeeded.

    python scripts/build_site.py [--site-dir site] [--config-file mkdocs.yml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build(site_dir: Path, config_file: Path, extra_args: list[str] | None = None) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
        "--config-file", str(config_file), "--site-dir", str(staging),
        *(extra_args or []),
    ]
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {site_dir} was left as it was.", file=sys.stderr)
        return result.returncode or 1
    swap_in(staging, site_dir)
    return 0


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir with staging using renames (each one atomic)."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        old.rmdir()
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    return build(args.site_dir, args.config_file)


if __name__ == "__main__":
    sys.exit(main())
