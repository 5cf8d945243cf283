"""Build the site atomically: a failed build never replaces the last good one.

MkDocs empties its output folder before it writes pages, so a build that
fails half-way leaves a half-written site. This script builds into a fresh
folder beside the target and swaps it in only when `mkdocs build --strict`
succeeded.

The output is readable by a web server whatever the umask: folders 0755,
files 0644 (a temporary folder is created 0700, and a strict umask such as
077 would otherwise make nginx answer 403 to every page).

    python scripts/build_site.py [--site-dir site] [--config-file mkdocs.yml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

FOLDER_MODE = 0o755
FILE_MODE = 0o644

# How one MkDocs build runs: (config file, output folder) -> exit code.
# The default is a `mkdocs build --strict` process; scripts/build_worker.py
# passes an in-process build instead.
Runner = Callable[[Path, Path], int]


def mkdocs_process(config_file: Path, site_dir: Path) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config_file), "--site-dir", str(site_dir)]
    return subprocess.run(command, env=env, check=False).returncode


def make_folders(folder: Path) -> None:
    """Create `folder` and any missing parent, each 0755 (not the umask's mode)."""
    missing = []
    for path in [folder, *folder.parents]:
        if path.exists():
            break
        missing.append(path)
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        os.chmod(path, FOLDER_MODE)


def make_readable(root: Path) -> None:
    """Folders 0755 and files 0644 under `root` (root included); links untouched."""
    os.chmod(root, FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, FOLDER_MODE)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def build(site_dir: Path, config_file: Path, run: Runner = mkdocs_process) -> int:
    site_dir, config_file = site_dir.resolve(), config_file.resolve()
    make_folders(site_dir.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    returncode = run(config_file, staging)
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {site_dir} was left as it was.", file=sys.stderr)
        return returncode or 1
    make_readable(staging)
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
