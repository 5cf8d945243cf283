"""Build the site atomically: a failed build never replaces the last good one.

MkDocs empties its output folder before it writes pages, so a build that
fails half-way leaves a half-written site. This script builds into a fresh
folder beside the target and swaps it in only when `mkdocs build --strict`
succeeded. A killed build's staging folder is removed by the next one, the
swap holds a lock, and a full disk, an output folder that cannot be replaced
or a read-only project is one line (macros/build/safe_output.py).

The output is readable by a web server whatever the umask: folders 0755,
files 0644 (a temporary folder is created 0700, and a strict umask such as
077 would otherwise make nginx answer 403 to every page).

    python scripts/build_site.py [--site-dir site] [--config-file mkdocs.yml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from macros.build import engine, safe_output

FOLDER_MODE = 0o755
FILE_MODE = 0o644

# How one MkDocs build runs: (config file, output folder) -> exit code.
# The default is a `mkdocs build --strict` child process (killed with its
# parent, its output relayed); scripts/build_worker.py passes an in-process
# build instead.
Runner = Callable[[Path, Path], int]


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


def build(site_dir: Path, config_file: Path, extra_args: list[str] | None = None,
          run: Runner | None = None) -> int:
    site_dir, config_file = site_dir.resolve(), config_file.resolve()
    try:
        make_folders(site_dir.parent)
        # Builds that were killed leave their staging folders: remove them.
        with safe_output.swap_lock(site_dir) if site_dir.parent.is_dir() else nullcontext():
            safe_output.remove_orphans(site_dir)
        staging = safe_output.make_staging(site_dir)
    except (OSError, safe_output.OutputError) as exc:
        print(f"Build failed: {exc}; {site_dir} was left as it was.", file=sys.stderr)
        return 1
    try:
        if run is None:
            command = engine.build_command(staging, config_file, "--clean", *(extra_args or []))
            returncode = safe_output.run_build(command, engine.build_env(), staging=staging)
        else:
            returncode = run(config_file, staging)
        if returncode != 0:
            print(f"Build failed: {site_dir} was left as it was.", file=sys.stderr)
            return returncode or 1
        make_readable(staging)
        swap_in(staging, site_dir)
    except (OSError, safe_output.OutputError) as exc:
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
