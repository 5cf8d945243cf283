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
- the theme's templates (Material's and overrides/) are compiled once per
  worker: a Jinja bytecode cache keyed by template name and a checksum of
  its source. Compiled templates hold no data; each build renders them with
  its own.
- each page's Jinja source (before the macros fill it in, the same for every
  organisation) is compiled once per worker: compiled code holds no values,
  and the cache key includes every environment setting that changes it.
- the list of theme files is read once per worker (theme folders do not
  change during a run); each build still makes its own File objects.

tests/failures/test_build_all.py builds two fictional organisations in one worker and
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

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import jinja2  # noqa: E402
from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, MkDocsException  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.theme import Theme  # noqa: E402

try:  # imported as scripts.build_worker, or run as a script beside the others
    from scripts.build_bundle import OFFLINE_CONFIG, build_bundle
    from scripts.build_site import build as build_site
except ImportError:
    from build_bundle import OFFLINE_CONFIG, build_bundle
    from build_site import build as build_site

SITE_CONFIG = ROOT / "mkdocs.yml"


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the worker's life. Jinja checks each
    entry against a checksum of the template's source before using it."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()
_theme_env = Theme.get_env


def _theme_env_with_cache(self: Theme) -> jinja2.Environment:
    env = _theme_env(self)
    env.bytecode_cache = _TEMPLATES
    return env


_add_files_from_theme = Files.add_files_from_theme
_theme_files: dict[tuple, list[tuple[str, str]]] = {}


def _add_files_from_theme_once(self: Files, env: jinja2.Environment, config) -> None:
    """MkDocs's own selection of theme files, made once per theme, then added
    to each build's files (a page of docs/ still wins over a theme file)."""
    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
    if key not in _theme_files:
        found = Files([])
        _add_files_from_theme(found, env, config)
        _theme_files[key] = [(file.src_uri, file.src_dir) for file in found]
    for path, folder in _theme_files[key]:
        if self.get_file_from_path(path) is None:
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


_compile = jinja2.Environment.compile
_compiled: dict[tuple, object] = {}


def _compile_settings(env: jinja2.Environment) -> tuple:
    """Everything about an environment that changes the code Jinja generates."""
    finalize = env.finalize
    return (type(env), env.block_start_string, env.block_end_string,
            env.variable_start_string, env.variable_end_string, env.comment_start_string,
            env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
            env.keep_trailing_newline, tuple(sorted(env.extensions)), env.optimized,
            env.is_async, env.code_generator_class, env.autoescape if isinstance(
                env.autoescape, bool) else id(env.autoescape),
            None if finalize is None else getattr(finalize, "__qualname__", id(finalize)))


def _compile_once(self: jinja2.Environment, source, name=None, filename=None, raw=False,
                  defer_init=False):
    if raw or not isinstance(source, str) or self.extensions:
        return _compile(self, source, name, filename, raw, defer_init)
    key = (source, name, filename, defer_init, _compile_settings(self))
    code = _compiled.get(key)
    if code is None:
        code = _compiled[key] = _compile(self, source, name, filename, raw, defer_init)
    return code


def share_theme_work() -> None:
    """In this worker only: compile templates and list the theme's files once."""
    Theme.get_env = _theme_env_with_cache
    Files.add_files_from_theme = _add_files_from_theme_once
    jinja2.Environment.compile = _compile_once


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
    share_theme_work()
    for line in sys.stdin:
        if line.strip():
            results.write(json.dumps(run_job(json.loads(line))) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
