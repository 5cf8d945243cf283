"""Each policy template page offers a Word (.docx) and an
OpenDocument (.odt) version, made at build time with pandoc from the page's
own rendered HTML, so the documents and the page never differ.

- Which pages: front matter `page_type: policy`.
- Styles: reference documents made at build time from pandoc's defaults
  (`--print-default-data-file`), set to A4 with the organisation's name in
  the page header and a highlighted "Choice" style for placeholders.
- Speed: conversions start as soon as a page is rendered and run in
  parallel with the rest of the build; `on_post_build` waits for them. A
  document made before from identical input (page HTML, organisation name,
  pandoc binary, this module's code) is reused from the user's cache folder
  (`policy-downloads/` under SITE_CACHE_DIR, macros/settings.py), never
  from the project, where a planted file would be published as it is.
- Failure: any conversion problem stops the build with one line naming
  the page (a PluginError, which MkDocs prints without a traceback).

Plain functions and one `DocumentBuild` per build; hooks/policy_downloads.py
wires them to MkDocs, and the tests call them directly.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..settings import current as current_settings
from .html_gate import document_address_problems
from .safe_output import work_folder

FORMATS = {"docx": "Word", "odt": "OpenDocument"}
CHOICE_STYLE = "Choice"
PANDOC_TIMEOUT_SECONDS = 60
# Documents already made for identical input are reused from here (gitignored).
CACHE_SUBDIR = "policy-downloads"


class ConversionError(Exception):
    """A document could not be made; the message is one line."""


# --------------------------------------------------------------------------
# Plain functions
# --------------------------------------------------------------------------


def is_policy_page(meta: dict | None) -> bool:
    return bool(meta) and meta.get("page_type") == "policy"


def document_name(src_path: str, fmt: str) -> str:
    """'policies/acceptable-use.md' -> 'acceptable-use.docx'."""
    return f"{posixpath.splitext(posixpath.basename(src_path))[0]}.{fmt}"


def output_path(site_dir: str | Path, dest_path: str, src_path: str, fmt: str) -> Path:
    """The document sits in the same folder as the page's HTML file."""
    return Path(site_dir) / posixpath.dirname(dest_path) / document_name(src_path, fmt)


def intranet_address(url: str) -> str:
    """The intranet site's address for a page of the file-share bundle, whose
    pages end in .html: '.../policies/x.html' -> '.../policies/x/',
    '.../index.html' -> '.../'."""
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/index.html") or path == "index.html":
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return parts._replace(path=path).geturl()


def document_html(content: str, page_url: str, base_url: str | None,
                  directory_urls: bool = True) -> str:
    """The page content as pandoc should see it.

    Drops the heading permalinks (the pilcrows), and turns links relative to
    the page into absolute intranet addresses, since a document has no
    "current page" to be relative to. `base_url` is the site's address. From
    the file-share bundle (`directory_urls` false) the links still go to the
    intranet site's addresses, so both builds make the same documents.
    """
    import lxml.html

    fragment = lxml.html.fragment_fromstring(content, create_parent="div")
    refused = document_address_problems(fragment)
    if refused:
        raise ConversionError(refused[0])
    for link in fragment.xpath('//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        link.drop_tree()
    for node in fragment.xpath('//*[contains(concat(" ", @class, " "), " policy-downloads ")]'):
        node.drop_tree()
    if base_url:
        page_address = urljoin(base_url, page_url)
        for link in fragment.xpath("//a[@href]"):
            href = link.get("href")
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//")):
                continue
            address = urljoin(page_address, href)
            link.set("href", address if directory_urls else intranet_address(address))
    inner = (fragment.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return inner


def download_links(src_path: str) -> str:
    links = " · ".join(
        f'<a href="{escape(document_name(src_path, fmt))}" download>{label} (.{fmt})</a>'
        for fmt, label in FORMATS.items()
    )
    return (f'<p class="policy-downloads">This template as a document to edit: '
            f"{links}</p>")


def add_download_links(content: str, links: str) -> str:
    """Put the links just after the page's first heading (or at the top)."""
    match = re.search(r"</h1>", content)
    if not match:
        return links + content
    return content[: match.end()] + "\n" + links + content[match.end():]


def pandoc_path() -> str:
    """pandoc as bundled by pypandoc-binary (PYPANDOC_PANDOC overrides it).

    The bundled binary is found beside the package without importing
    pypandoc, which would run `pandoc --version` on every build.
    """
    chosen = os.environ.get("PYPANDOC_PANDOC")
    if chosen:
        return chosen
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if bundled.is_file():
            return str(bundled)
    import pypandoc

    return pypandoc.get_pandoc_path()


def _run_pandoc(args: list[str], stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            [pandoc_path(), *args], input=stdin, capture_output=True,
            timeout=PANDOC_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConversionError(f"pandoc could not run: {exc}") from None
    if result.returncode != 0:
        detail = " ".join(result.stderr.decode("utf-8", "replace").split()) or "no message"
        raise ConversionError(f"pandoc failed (exit {result.returncode}): {detail[:300]}")
    return result.stdout


def make_reference_docx(path: Path, organisation: str) -> Path:
    """pandoc's default reference.docx, A4, with the organisation in the header."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Mm, Pt

    _run_pandoc(["-o", str(path), "--print-default-data-file", "reference.docx"])
    document = docx.Document(str(path))
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = organisation
    styles = document.styles
    for name in ("Normal", "Body Text"):
        if name in [s.name for s in styles]:
            styles[name].font.name = "Arial"
            styles[name].font.size = Pt(11)
    style = styles.add_style(CHOICE_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.bold = True
    style.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.save(str(path))
    return path


_ODT_CHOICE_STYLE = (
    f'<style:style style:name="{CHOICE_STYLE}" style:family="text">'
    '<style:text-properties fo:font-weight="bold" fo:background-color="#ffff00"/>'  # codespell:ignore fo
    "</style:style>"
)


def make_reference_odt(path: Path, organisation: str) -> Path:
    """pandoc's default reference.odt, A4, with the organisation in the header."""
    default = path.with_suffix(".default.odt")
    _run_pandoc(["-o", str(default), "--print-default-data-file", "reference.odt"])
    with zipfile.ZipFile(default) as source:
        styles = source.read("styles.xml").decode("utf-8")
        header = f'<style:header><text:p text:style-name="Header">{escape(organisation)}</text:p></style:header>'
        styles, found = re.subn(r"<style:master-page\b[^>]*>", lambda m: m.group(0) + header,
                                styles, count=1)
        if not found:
            raise ConversionError("pandoc's reference.odt has no master page to put a header in")
        styles = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', styles)
        styles = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', styles)
        styles = styles.replace("</office:styles>", _ODT_CHOICE_STYLE + "</office:styles>", 1)
        with zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = styles.encode("utf-8") if item.filename == "styles.xml" else source.read(item)
                method = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
                target.writestr(item, data, compress_type=method)
    default.unlink()
    return path


def make_reference_documents(folder: Path, organisation: str) -> dict[str, Path]:
    return {
        "docx": make_reference_docx(folder / "reference.docx", organisation),
        "odt": make_reference_odt(folder / "reference.odt", organisation),
    }


def convert(html: str, fmt: str, out: Path, reference: Path) -> Path:
    """Convert one page's HTML with pandoc; raises ConversionError."""
    if fmt not in FORMATS:
        raise ConversionError(f"unknown document format {fmt!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    _run_pandoc(
        # --sandbox: pandoc reads only its input and the reference document,
        # never a local file or a web address named in the page.
        ["--sandbox", "--from", "html", "--to", fmt, "--reference-doc", str(reference),
         "--metadata", "lang=en-GB",
         "--output", str(out)],
        stdin=html.encode("utf-8"),
    )
    if not out.is_file() or out.stat().st_size == 0:
        raise ConversionError(f"pandoc wrote no {fmt} file")
    return out


def cache_key(html: str, fmt: str, organisation: str, pandoc: str) -> str:
    """Everything the document depends on: the page, the format, the header
    text, the pandoc binary and the code of this module, which makes the
    documents (so a change to the reference documents never reuses an old file)."""
    digest = hashlib.sha256()
    for part in (html, fmt, organisation, pandoc, _CODE_HASH):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _store(cache_file: Path, made: Path) -> None:
    """Copy a new document into the cache atomically (parallel builds share it)."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
    os.close(fd)
    shutil.copyfile(made, temp)
    os.replace(temp, cache_file)


# This file is what makes the documents (reference styles, pandoc options).
_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _tool_identity() -> str:
    """Which pandoc and python-docx make the documents (a change means a miss)."""
    from importlib.metadata import version

    path = pandoc_path()
    try:
        info = os.stat(path)
        binary = f"{path}:{info.st_size}:{info.st_mtime_ns}"
    except OSError:
        binary = path  # reported by the conversion itself
    return f"{binary}|python-docx {version('python-docx')}"


# --------------------------------------------------------------------------
# One build's documents
# --------------------------------------------------------------------------


class DocumentBuild:
    """One build's conversions: started per page, awaited in on_post_build."""

    def __init__(self, organisation: str, base_url: str | None, cache_dir: Path):
        self.organisation = organisation
        self.base_url = base_url
        self.cache_dir = cache_dir
        self.pandoc = _tool_identity()
        self.workdir = work_folder("policy-downloads-")
        self.executor = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
        self.jobs: list[tuple[str, str, Future]] = []
        self._references: dict[str, Path] | None = None
        self._lock = threading.Lock()

    def references(self) -> dict[str, Path]:
        """Made on the first cache miss only, once per build."""
        with self._lock:
            if self._references is None:
                try:
                    self._references = make_reference_documents(self.workdir, self.organisation)
                except ConversionError as exc:
                    raise ConversionError(f"could not make the reference document: {exc}") from None
            return self._references

    def make(self, html: str, fmt: str, out: Path) -> Path:
        cache_file = self.cache_dir / f"{cache_key(html, fmt, self.organisation, self.pandoc)}.{fmt}"
        out.parent.mkdir(parents=True, exist_ok=True)
        if cache_file.is_file():
            shutil.copyfile(cache_file, out)
            return out
        convert(html, fmt, out, self.references()[fmt])
        try:
            _store(cache_file, out)
        except OSError:
            pass  # an unwritable cache folder: the build still works, converting every time
        return out

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def start(self, html: str, page_url: str, site_dir: str | Path, dest_path: str,
              src_path: str, directory_urls: bool = True) -> str:
        """Start one policy page's documents; the page's HTML with the download links."""
        try:
            source = document_html(html, page_url, self.base_url, directory_urls)
        except ConversionError as exc:
            raise ConversionError(f"docs/{src_path}: {exc}") from None
        for fmt in FORMATS:
            out = output_path(site_dir, dest_path, src_path, fmt)
            self.jobs.append((src_path, fmt, self.executor.submit(self.make, source, fmt, out)))
        return add_download_links(html, download_links(src_path))

    def finish(self) -> None:
        """Wait for every document; the first failure is one ConversionError line."""
        try:
            for src_path, fmt, future in self.jobs:
                try:
                    future.result()
                except Exception as exc:  # noqa: BLE001 - any failure stops the build
                    reason = " ".join(str(exc).split()) or type(exc).__name__
                    raise ConversionError(
                        f"docs/{src_path}: could not make the .{fmt} document: {reason}") from None
        finally:
            self.close()


class PolicyDocuments:
    """What hooks/policy_downloads.py holds: at most one DocumentBuild, closed
    when a new build starts or a build fails."""

    def __init__(self) -> None:
        self.documents: DocumentBuild | None = None

    def start(self, project_dir: Path) -> None:
        """A new build (ConversionError, one line, for a profile that cannot load)."""
        from ..site import load_site

        self.close()
        try:
            organisation = load_site(project_dir).profile.organisation
        except Exception as exc:  # noqa: BLE001 - a bad profile: the macros plugin reports it too
            raise ConversionError(f"policy downloads: {exc}") from None
        self.documents = DocumentBuild(organisation.name, str(organisation.intranet_url),
                                       current_settings().cache_dir / CACHE_SUBDIR)

    def page(self, html: str, page, config) -> str:
        """An MkDocs page's HTML: a policy page's documents started, its links added."""
        if self.documents is None or not is_policy_page(page.meta):
            return html
        return self.documents.start(html, page.url, config.site_dir, page.file.dest_path,
                                    page.file.src_path, config.use_directory_urls)

    def finish(self) -> None:
        documents, self.documents = self.documents, None
        if documents is not None:
            documents.finish()

    def close(self) -> None:
        documents, self.documents = self.documents, None
        if documents is not None:
            documents.close()
