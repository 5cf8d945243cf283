"""One long-lived process that builds many profiles, one after another.

    python scripts/build_worker.py < jobs.jsonl > results.jsonl

Each input line is a job, {"kind": "site" | "bundle", "profile": PATH,
"output": PATH}; each output line its result, {"returncode": N, "log": TEXT,
"seconds": S}. scripts/build_all.py starts one worker per core and feeds it.

Python, MkDocs, Material, pydantic and the project's own modules are imported
once per worker instead of once per build: each build is
`mkdocs.commands.build.build` with a configuration loaded afresh, so every
plugin and hook starts new. What lives longer than one build, and why no
detail of one organisation can reach another's output:

- mkdocs-macros imports the `macros` module once and calls its
  `define_env` on every build; `define_env` reads the profile named by
  ORG_PROFILE, which is set for each job.
- macros.datafiles caches parsed files by path, modification time and size,
  so a cached profile is only ever the same file.
- hooks are re-executed by MkDocs on every configuration load; their state
  is reset in on_config / on_pre_build.

tests/test_build_all.py builds two fictional organisations in one worker and
scans each output for the other's details.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, MkDocsException  # noqa: E402

from scripts.build_bundle import OFFLINE_CONFIG, build_bundle  # noqa: E402
from scripts.build_site import build as build_site  # noqa: E402

SITE_CONFIG = ROOT / "mkdocs.yml"


class _LineFormatter(logging.Formatter):
    """The lines `mkdocs build` prints: 'ERROR    -  message'."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8} -  {record.getMessage()}"


def in_process(config_file: Path, site_dir: Path) -> int:
    """`mkdocs build --strict --clean` without starting a process."""
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:
        logging.getLogger("mkdocs").error(str(exc))
        return 1
    except MkDocsException as exc:
        logging.getLogger("mkdocs").error(str(exc))
        return 1
    return 0


def run_job(job: dict) -> dict:
    """Run one job, with everything it prints and logs captured as its log."""
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(_LineFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    started = time.monotonic()
    profile, output = Path(job["profile"]), Path(job["output"])
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            if job["kind"] == "site":
                os.environ["ORG_PROFILE"] = str(profile)
                returncode = build_site(output, Path(job.get("config") or SITE_CONFIG),
                                        run=in_process)
            else:
                returncode = build_bundle(profile, output,
                                          Path(job.get("config") or OFFLINE_CONFIG),
                                          run=in_process)
    except Exception as exc:  # noqa: BLE001 - one broken job never stops the others
        log.write(f"ERROR    -  {type(exc).__name__}: {exc}\n")
        returncode = 1
    finally:
        logger.removeHandler(handler)
    return {"returncode": returncode, "log": log.getvalue(),
            "seconds": round(time.monotonic() - started, 3)}


def main() -> int:
    # Results go to the original standard output alone; anything else that
    # writes to file descriptor 1 (a tool a build starts) goes to stderr.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for line in sys.stdin:
        if line.strip():
            results.write(json.dumps(run_job(json.loads(line))) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
