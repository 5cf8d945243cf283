"""Helpers to build the real site, or a small fixture site, in a subprocess.

Builds run in a subprocess because mkdocs-macros caches the `macros` module
between in-process builds: a second in-process build would not reload it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# Fictional profiles, one per nation and one in all four: the real site is
# built once for each per run (tests/conftest.py, nation_sites).
NATION_PROFILES = {nation: ROOT / "tests" / "fixtures" / "profiles" / f"nation-{nation}.yml"
                   for nation in ("england", "wales", "scotland", "northern-ireland", "mixed")}


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout and stderr together, as an editor sees them
    site_dir: Path
    seconds: float = 0.0  # wall time of the build

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def build(
    site_dir: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    profile: Path | None = None,
    atomic: bool = False,
    extra_env: dict[str, str] | None = None,
) -> BuildResult:
    """Run a strict build, through the atomic wrapper when `atomic` is set."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env.pop("ORG_PROFILE", None)
    if profile is not None:
        env["ORG_PROFILE"] = str(profile)
    if atomic:
        command = [sys.executable, str(ROOT / "scripts" / "build_site.py"),
                   "--config-file", str(config_file), "--site-dir", str(site_dir)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "--config-file", str(config_file), "--site-dir", str(site_dir)]
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=config_file.parent, env=env, capture_output=True, text=True, check=False
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site_dir,
                       time.monotonic() - started)


def make_fixture_site(
    where: Path,
    pages: dict[str, str],
    *,
    profile_text: str | None = None,
) -> Path:
    """A small site that uses the project's real configuration, macros and theme.

    `pages` maps a path under docs/ to its Markdown; the nav lists them in
    order. Returns the fixture's mkdocs.yml. With `profile_text`, the fixture
    has its own organisation.yml.
    """
    where.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = list(pages)
    # The real site's redirect map points at pages a fixture does not have.
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            plugin["redirects"]["redirect_maps"] = {}
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for folder in ("macros", "overrides", "data", "hooks"):
        if (ROOT / folder).exists():
            (where / folder).symlink_to(ROOT / folder, target_is_directory=True)
    docs = where / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    profile = profile_text if profile_text is not None else (
        (ROOT / "organisation.yml").read_text(encoding="utf-8"))
    (where / "organisation.yml").write_text(profile, encoding="utf-8")
    return where / "mkdocs.yml"


def page_front_matter(title: str = "Test page") -> str:
    """Front matter every page needs (owner, review date, audience)."""
    return (
        "---\n"
        f"title: {title}\n"
        "description: A fixture page used by the tests.\n"
        "owner: Designated safeguarding lead\n"
        "last_reviewed: 2026-11-01\n"
        "review_interval_months: 12\n"
        "audience: all staff\n"
        "page_type: guidance\n"
        "---\n\n"
    )
