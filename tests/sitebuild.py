"""Helpers to build the real site, or a small fixture site, outside the test process.

A build runs `mkdocs build --strict` in a long-lived build process of this
test process's own (scripts/build_worker.py, "mkdocs" jobs): MkDocs's own
command line, with the build's working folder and environment, so a test
reads the exit code and the output a child `mkdocs build` would give.
Python, MkDocs and the theme's templates are loaded once instead of once per
build (a small fixture site builds in about a fifth of the time).
tests/failures/test_build_process.py holds its exit codes, output and files
to a fresh `mkdocs build`'s, and shows that a build leaves the process as it
found it; `fresh=True` builds in a new child process instead.

Never in the test process itself: mkdocs-macros, hooks and the build's
module state would then live in the tests' own interpreter.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
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


class BuildProcess:
    """This test process's scripts/build_worker.py, started at its first build
    and again if it ever stops; it ends when the test process does."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        # What the process itself prints (not a build's output), read if it stops.
        self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "build_worker.py")], cwd=ROOT,
                env={**{k: v for k, v in os.environ.items() if k != "ORG_PROFILE"},
                     "NO_MKDOCS_2_WARNING": "1"}, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
        job = {"kind": "mkdocs", "args": args, "cwd": str(cwd), "env": env}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            self.process.wait()
            self.errors.seek(0)
            raise RuntimeError(f"the build process stopped (exit {self.process.returncode}) "
                               f"during: mkdocs {' '.join(args)}\n{self.errors.read()[-3000:]}")
        return json.loads(answer)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


_BUILDS = BuildProcess()
_SECOND = BuildProcess()  # started only for build_in_parallel
atexit.register(_BUILDS.stop)
atexit.register(_SECOND.stop)


def build(
    site_dir: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    profile: Path | None = None,
    atomic: bool = False,
    extra_env: dict[str, str] | None = None,
    fresh: bool = False,
    process: BuildProcess = _BUILDS,
) -> BuildResult:
    """Run a strict build, through the atomic wrapper when `atomic` is set.

    The atomic wrapper, and any build with `fresh`, runs in a new child
    process; any other in this test process's build process (BuildProcess).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env.pop("ORG_PROFILE", None)
    if profile is not None:
        env["ORG_PROFILE"] = str(profile)
    arguments = ["--config-file", str(config_file), "--site-dir", str(site_dir)]
    started = time.monotonic()
    if not atomic and not fresh:
        done = process.run(["build", "--strict", *arguments], config_file.parent, env)
        return BuildResult(done["returncode"], done["stdout"] + done["stderr"], site_dir,
                           time.monotonic() - started)
    if atomic:
        command = [sys.executable, str(ROOT / "scripts" / "build_site.py"), *arguments]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", *arguments]
    result = subprocess.run(
        command, cwd=config_file.parent, env=env, capture_output=True, text=True, check=False
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site_dir,
                       time.monotonic() - started)


def build_in_parallel(requests: list[dict]) -> list[BuildResult]:
    """Each request's build (build()'s keyword arguments), two at a time: in
    this test process's build process and in a second one, so that a test
    that waits for several sites keeps both cores busy."""
    pending = list(enumerate(requests))
    results: list[BuildResult | None] = [None] * len(requests)
    lock = threading.Lock()

    def drain(process: BuildProcess) -> None:
        while True:
            with lock:
                if not pending:
                    return
                index, request = pending.pop(0)
            results[index] = build(**request, process=process)

    threads = [threading.Thread(target=drain, args=(process,)) for process in (_BUILDS, _SECOND)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    missing = [requests[index] for index, result in enumerate(results) if result is None]
    if missing:
        raise RuntimeError(f"these builds did not finish: {missing}")
    return results


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
