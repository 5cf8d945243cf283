"""Running the site generator and the project's command-line tools.

DOCS_ENGINE picks the generator module the builds run (`python -m ENGINE
build`): mkdocs by default; properdocs (a maintained MkDocs 1.x fork) runs
the same configuration, hooks and plugins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENGINE_ENV_VAR = "DOCS_ENGINE"
DEFAULT_ENGINE = "mkdocs"
BIN = Path(sys.executable).parent


def engine() -> str:
    return os.environ.get(ENGINE_ENV_VAR, "").strip() or DEFAULT_ENGINE


def build_command(site_dir: Path, config_file: Path | None = None, *extra: str) -> list[str]:
    """A strict build of the site into site_dir, with the chosen engine."""
    config = ["--config-file", str(config_file)] if config_file is not None else []
    return [sys.executable, "-m", engine(), "build", "--strict", *config,
            "--site-dir", str(site_dir), *extra]


def build_env() -> dict[str, str]:
    """The environment for a build: Material's end-of-life notice off."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_quietly(site: Path, project_dir: Path) -> None:
    """Build the project's site into `site`; a failure exits with one line."""
    result = subprocess.run(build_command(site, None, "--quiet"), cwd=project_dir,
                            env=build_env(), check=False)
    if result.returncode:
        raise SystemExit("the site failed to build: fix that first (see above)")


def tool(name: str) -> str:
    """A command-line tool installed beside this Python (the venv), else on PATH."""
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)
