"""Nothing from outside the project: no symbolic link under the folders the
build reads pages, templates and data from.

A link in docs/ to a file of the build machine (its environment in /proc,
the password file, a whole outside folder) would otherwise be copied into the
site and the file-share zip as if it were a page or an asset.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def symlinks_under(folder: Path) -> list[Path]:
    """Every symbolic link inside `folder` (the folder itself may be one:
    only what is inside it is published). Links are not followed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for top, dirs, files in os.walk(folder.resolve(), followlinks=False):
        for name in sorted(dirs + files):
            path = Path(top) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)


def symlink_problems(project_dir: Path | str, folders: Iterable[Path | str | None]) -> list[str]:
    """One line per symbolic link: 'docs/x.md: a symbolic link (to ...)'."""
    project = Path(project_dir).resolve()
    problems = []
    for folder in folders:
        if not folder:
            continue
        folder = Path(folder)
        if not folder.is_absolute():
            folder = project / folder
        label = _label(folder, project)
        for link in symlinks_under(folder):
            where = f"{label}/{link.relative_to(folder.resolve()).as_posix()}"
            problems.append(f"{where}: a symbolic link (to {os.readlink(link)}); the build "
                            "reads only files inside the project: put a real file here")
    return problems


def _label(folder: Path, project: Path) -> str:
    absolute = folder.absolute()
    try:
        return absolute.relative_to(project).as_posix()
    except ValueError:
        return folder.name
