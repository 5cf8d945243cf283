"""One long-lived process that builds many profiles, one after another.

    python scripts/build_worker.py < jobs.jsonl > results.jsonl

Each input line is a job, {"kind": "site" | "bundle", "profile": PATH,
"output": PATH}; each output line its result, {"returncode": N, "log": TEXT,
"seconds": S}. scripts/build_all.py starts one worker per core and feeds it.

A job {"kind": "mkdocs", "args": [...], "cwd": PATH, "env": {...}} runs
`mkdocs ARGS` through MkDocs's own command line code, in that folder with
exactly that environment, and answers {"returncode": N, "stdout": TEXT,
"stderr": TEXT, "seconds": S}: what the same command in a child process
would exit with and print (the tests build their sites this way,
tests/sitebuild.py). What the command line changes for the process (log
handlers and filters, warning filters, the import path) is put back after
each job.

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
- a profile's file-share bundle is built right after its site, and reuses
  the site build's Markdown conversion of each page (SharedRenders): the
  two builds convert the same Markdown, the same profile's, and differ only
  in the addresses MkDocs writes into links, which the bundle computes
  afresh with MkDocs's own code. A conversion is reused only for the exact
  Markdown text it was made from, and the store is emptied before each
  site build, so nothing of one profile is there when the next is built.

tests/failures/test_build_all.py builds two fictional organisations in one worker and
scans each output for the other's details.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import logging
import os
import re
import secrets
import sys
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import jinja2  # noqa: E402
import markdown  # noqa: E402
import mkdocs  # noqa: E402
from markdown.serializers import _escape_attrib_html  # noqa: E402
from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, MkDocsException  # noqa: E402
from mkdocs.structure import pages as mkdocs_pages  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
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


@dataclass(frozen=True)
class _Conversion:
    """One page's Markdown conversion with each link address left as a token."""
    content: str          # the HTML, each a/@href and img/@src a token
    token: re.Pattern     # matches a token; group 1 is the link's number
    links: tuple[str, ...]  # each link's address as written in the Markdown
    toc_tokens: list
    title: str | None
    anchor_ids: frozenset[str]


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


# The postprocessors that run after links are written: they only replace
# Markdown's own \x02...\x03 placeholders, never other text.
_KNOWN_POSTPROCESSORS = {"raw_html", "amp_substitute"}
# Page.render below is MkDocs 1.6.1's, step for step; any other version
# builds every page as MkDocs does.
_RENDER_VERSION = "1.6.1"


class SharedRenders:
    """The site build's Markdown conversions, reused by the bundle build of the
    same profile. Everything else about the bundle build (templates, hooks,
    checks, the offline plugin) runs as in any build.

    The site build converts each page with every link address replaced by a
    token, then writes its own addresses in, escaped as the serializer
    escapes them (test: the site is byte for byte what `mkdocs build`
    makes). The bundle build of a page whose Markdown is exactly the same
    asks MkDocs's link processor for its own addresses (with its files and
    `use_directory_urls`, logging the same warnings) and writes those in
    instead of converting again. A conversion that logged a warning, or
    whose tokens did not each appear exactly once, is not kept."""

    def __init__(self) -> None:
        self.mode: str | None = None  # "record", "reuse" or None (plain MkDocs)
        self.conversions: dict[tuple, _Conversion] = {}
        self.reused = 0
        self.profile: tuple | None = None  # the profile the conversions are of

    def start(self, mode: str | None) -> None:
        if mode != "reuse":
            self.conversions.clear()
        self.mode = mode if mkdocs.__version__ == _RENDER_VERSION else None
        self.reused = 0

    def clear(self) -> None:
        self.mode = None
        self.conversions.clear()

    @staticmethod
    def key(page: mkdocs_pages.Page, config) -> tuple:
        return (page.file.src_uri, page.markdown, repr(config["markdown_extensions"]),
                repr(config["mdx_configs"]))

    def render(self, page: mkdocs_pages.Page, config, files: Files) -> None:
        if self.mode == "reuse":
            conversion = self.conversions.get(self.key(page, config))
            if conversion is not None and self._reuse(page, config, files, conversion):
                self.reused += 1
                return
        elif self.mode == "record":
            conversion = self._record(page, config, files)
            if conversion is not None:
                self.conversions[self.key(page, config)] = conversion
            return
        _render(page, config, files)

    def _record(self, page: mkdocs_pages.Page, config, files: Files) -> _Conversion | None:
        """Render the page (always, once) and return its conversion if it can be reused."""
        nonce = f"mkdocslink{secrets.token_hex(8)}n"
        if page.markdown is None or nonce in page.markdown:
            _render(page, config, files)  # MkDocs's own error when there is no Markdown
            return None
        links: list[str] = []
        written: list[str] = []

        class Tokens(mkdocs_pages._RelativePathTreeprocessor):
            def path_to_url(self, url: str) -> str:
                written.append(super().path_to_url(url))
                links.append(url)
                return f"{nonce}{len(links) - 1}z"

        md = markdown.Markdown(extensions=config["markdown_extensions"],
                               extension_configs=config["mdx_configs"] or {})
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = Tokens(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        if not _links_written_last(md):
            _render(page, config, files)
            return None
        warnings = _CountWarnings()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs"), logging.getLogger("MARKDOWN")]
        for logger in loggers:
            logger.addHandler(warnings)
        try:
            content = md.convert(page.markdown)
        finally:
            for logger in loggers:
                logger.removeHandler(warnings)
        token = re.compile(re.escape(nonce) + r"(\d+)z")
        site = _fill(content, token, written)
        usable = warnings.count == 0 and site is not None
        if site is None:  # never expected: convert once more, as MkDocs does
            _render(page, config, files)
            return None
        page.content = site
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = (extract_anchors_ext.present_anchor_ids
                                   | raw_html_ext.present_anchor_ids)
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
        if not usable:
            return None
        return _Conversion(content, token, tuple(links),
                           copy.deepcopy(getattr(md, "toc_tokens", [])),
                           extract_title_ext.title, frozenset(page.present_anchor_ids))

    @staticmethod
    def _reuse(page: mkdocs_pages.Page, config, files: Files, conversion: _Conversion) -> bool:
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        written = [relative_path_ext.path_to_url(url) for url in conversion.links]
        content = _fill(conversion.content, conversion.token, written)
        if content is None:
            return False
        page.content = content
        page.toc = get_toc(copy.deepcopy(conversion.toc_tokens))
        page._title_from_render = conversion.title
        page.present_anchor_ids = set(conversion.anchor_ids)
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
        return True


def _links_written_last(md: markdown.Markdown) -> bool:
    """Nothing after MkDocs's link processor could read or change a link's
    address: no tree processor runs after it (the registry's own order:
    priority, then the order of registering), and the postprocessors are
    Markdown's own."""
    order = [item.name for item in sorted(md.treeprocessors._priority,
                                          key=lambda item: item.priority, reverse=True)]
    return (order[-1:] == ["relpath"]
            and set(md.postprocessors._data) <= _KNOWN_POSTPROCESSORS)


def _fill(content: str, token: re.Pattern, addresses: list[str]) -> str | None:
    """`content` with each token replaced by its address, escaped as Markdown's
    serializer escapes attribute values; None unless every token is there
    exactly once and no address holds one of Markdown's placeholders."""
    escaped = [_escape_attrib_html(address) for address in addresses]
    if any("\x02" in text or "\x03" in text for text in escaped):
        return None
    seen: list[int] = []

    def address(match: re.Match) -> str:
        number = int(match.group(1))
        seen.append(number)
        return escaped[number] if number < len(escaped) else match.group(0)

    filled = token.sub(address, content)
    if sorted(seen) != list(range(len(addresses))):
        return None
    return filled


_render = mkdocs_pages.Page.render
RENDERS = SharedRenders()


def _render_shared(self: mkdocs_pages.Page, config, files: Files) -> None:
    RENDERS.render(self, config, files)


def share_theme_work() -> None:
    """In this worker only: compile templates and list the theme's files once,
    and let a bundle build reuse its site build's Markdown conversions."""
    Theme.get_env = _theme_env_with_cache
    Files.add_files_from_theme = _add_files_from_theme_once
    jinja2.Environment.compile = _compile_once
    mkdocs_pages.Page.render = _render_shared


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
    # The bundle reuses conversions only from the site build just before it,
    # of the same profile file, unchanged since.
    identity = (str(profile.resolve()), _file_identity(profile))
    if job["kind"] == "site":
        RENDERS.start("record")
        RENDERS.profile = identity
    else:
        RENDERS.start("reuse" if RENDERS.profile == identity else None)
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
        reused = RENDERS.reused
        if job["kind"] != "site":
            RENDERS.clear()
            RENDERS.profile = None
        RENDERS.mode = None
    return {"returncode": returncode, "log": log.getvalue(),
            "seconds": round(time.monotonic() - started, 3), "reused_pages": reused}


def _exit_code(code: object) -> int:
    """The exit status Python gives `raise SystemExit(code)` (a text is printed, then 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_command(job: dict) -> dict:
    """`mkdocs ARGS` in this process, as `python -m mkdocs ARGS` would run it in
    job["cwd"] with the environment job["env"]; an exception MkDocs does not
    handle is printed with its traceback, as Python prints it, and exits 1."""
    from mkdocs.__main__ import cli
    from mkdocs.commands import build as build_module

    mkdocs_log = logging.getLogger("mkdocs")
    saved_env, saved_cwd, saved_path = dict(os.environ), os.getcwd(), list(sys.path)
    saved_warnings, saved_showwarning = list(warnings.filters), warnings.showwarning
    saved_log = (mkdocs_log.level, mkdocs_log.propagate, list(mkdocs_log.handlers),
                 list(build_module.log.filters))
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    try:
        os.environ.clear()
        os.environ.update(job["env"])
        os.chdir(job["cwd"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main(args=list(job["args"]), prog_name="mkdocs", standalone_mode=True)
                returncode = 0
            except SystemExit as exc:
                returncode = _exit_code(exc.code)
            except BaseException:  # noqa: BLE001 - Python's own top level: traceback, exit 1
                traceback.print_exc()
                returncode = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.path[:] = saved_path
        warnings.filters[:] = saved_warnings
        warnings.showwarning = saved_showwarning
        mkdocs_log.setLevel(saved_log[0])
        mkdocs_log.propagate = saved_log[1]
        mkdocs_log.handlers[:] = saved_log[2]
        build_module.log.filters[:] = saved_log[3]
    return {"returncode": returncode, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "seconds": round(time.monotonic() - started, 3)}


def _file_identity(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def main() -> int:
    # Results go to the original standard output alone; anything else that
    # writes to file descriptor 1 (a tool a build starts) goes to stderr.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    # Jobs come from the original standard input alone; a build reads (or
    # closes) an empty one, as a build with no input would.
    jobs = os.fdopen(os.dup(0), "r", encoding="utf-8")
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - for the worker's life
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    share_theme_work()
    for line in jobs:
        if line.strip():
            job = json.loads(line)
            result = run_command(job) if job["kind"] == "mkdocs" else run_job(job)
            results.write(json.dumps(result) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
