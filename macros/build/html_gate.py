"""The markup and link gate on the built HTML and the shipped CSS.

Every finished page (theme included) is read as a browser would read it. Each
of these stops the build with one line naming the page:

- a `<script>` that is not one of the site's own inline scripts (those of
  Material's templates and the redirect stubs, matched with only their
  relative base address varying), or a script loaded from a `javascript:`,
  `data:`, `file:` or `blob:` address;
- an event-handler attribute (`onclick=`, `onerror=`, ...), `ping`, `srcdoc`;
- a `javascript:`, `data:`, `file:`, `vbscript:` or `blob:` address in any
  attribute that points somewhere;
- `<meta http-equiv="refresh">` (only the redirect stubs may, and only to a
  page of this site), `<base>`;
- a link inside an SVG image;
- an inline `style` with `url()`, a `<style>` with `url()` or `@import`.

In the shipped CSS, `@import` and any `url()` that leaves the site stop the
build naming the file. External hosts are the allowlist's business
(hooks/external_links.py); this gate refuses what no allowlist could allow.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import lxml.etree

from . import page_tree

# Attributes whose value is an address the browser may load or follow.
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "cite",
                      "background", "manifest", "icon", "longdesc", "usemap", "codebase",
                      "xlink:href", "{http://www.w3.org/1999/xlink}href", "srcset")
REFUSED_SCHEMES = ("javascript", "data", "file", "vbscript", "blob", "filesystem")
# A relative address inside the site: no scheme (no colon), not protocol-relative.
_RELATIVE = r'(?!//)[\w.#/-]*'
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_IMPORT = re.compile(r"@import\b", re.I)


def scheme(address: str) -> str | None:
    """The scheme of an address as a browser reads it (it drops tabs, new
    lines and leading spaces: 'java\\tscript:' is javascript:)."""
    match = _SCHEME.match(_CONTROL.sub("", address or ""))
    return match.group(1).lower() if match else None


# ── The site's own inline scripts ─────────────────────────────────────────

def _compile(parts: list[str]) -> re.Pattern[str]:
    return re.compile(_RELATIVE.join(re.escape(part) for part in parts) + r"\Z", re.S)


@lru_cache(maxsize=1)
def _own_scripts() -> tuple[re.Pattern[str], ...]:
    import material
    from mkdocs_redirects.plugin import HTML_TEMPLATE

    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    bodies = []
    for name in ("base", "content", "palette"):
        text = (partials / f"{name}.html").read_text(encoding="utf-8")
        bodies += re.findall(r"<script>(.*?)</script>", text, re.S)
    bodies += re.findall(r"<script>(.*?)</script>", HTML_TEMPLATE, re.S)
    return tuple(_compile(re.split(r"\{\{.*?\}\}|\{url\}", body)) for body in bodies)


def is_own_script(body: str) -> bool:
    return any(pattern.match(body) for pattern in _own_scripts())


def is_data_block(script) -> bool:
    """Material's configuration block: JSON the browser never runs."""
    return (script.get("type") or "").strip().lower() == "application/json"


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# ── Pages ─────────────────────────────────────────────────────────────────

def _parse(html: str):
    return page_tree.document(html)


# The elements that could break a rule below, in document order: one with
# an attribute named on*, ping, srcdoc or style, or with a colon in an
# attribute's value (an address without one has no scheme); every script,
# meta, base and style element; a link inside an SVG image. libxml2's HTML
# parser lowercases every element and attribute name, so these names are
# matched as written. Every other element passes without a look from
# Python, which keeps the gate cheap on large pages.
_ENDS_SVG = "substring(name(), string-length(name()) - 2) = 'svg'"
_IS_LINK = "name() = 'a' or name() = 'area' or substring(name(), string-length(name()) - 1) = '}a'"
_CANDIDATES = lxml.etree.XPath(
    "//*[@*[starts-with(name(), 'on') or name() = 'ping' or name() = 'srcdoc'"
    " or name() = 'style' or contains(., ':')]]"
    " | //script | //meta | //base | //style"
    f" | //*[{_ENDS_SVG}]//*[{_IS_LINK}]")
_STRING = lxml.etree.XPath("string()")


def page_problems(html: str, *, redirect_stub: bool = False) -> list[str]:
    """What on this page the gate refuses, one short phrase each."""
    tree = _parse(html)
    if tree is None:
        return []
    problems: list[str] = []
    for element in _CANDIDATES(tree):
        tag = element.tag.lower()
        problems += _attribute_problems(element, tag)
        if tag == "script":
            problems += _script_problems(element)
        elif tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
            target = (element.get("content") or "").partition("url=")[2].strip()
            if not (redirect_stub and target and scheme(target) is None
                    and not target.startswith(("//", "\\"))):
                problems.append(f'<meta http-equiv="refresh"> (to {target or "this page"})')
        elif tag == "base":
            problems.append("a <base> element")
        elif tag == "style":
            css = _STRING(element)
            if _CSS_URL.search(css) or _CSS_IMPORT.search(css):
                problems.append("a <style> element with url() or @import")
        if (tag in ("a", "area") or tag.endswith("}a")) and any(
                isinstance(parent.tag, str) and parent.tag.lower().endswith("svg")
                for parent in element.iterancestors()):
            problems.append("a link inside an SVG image")
    return list(dict.fromkeys(problems))


def _attribute_problems(element, tag: str) -> list[str]:
    problems = []
    for name, value in element.attrib.items():
        key = name.lower()
        if key.startswith("on"):
            problems.append(f"an event-handler attribute {name}= on <{tag}>")
        elif key in ("ping", "srcdoc"):
            problems.append(f"a {name}= attribute on <{tag}>")
        elif key == "style" and ("url(" in value.lower().replace(" ", "")
                                 or "@import" in value.lower()):
            problems.append(f"an inline style with url() on <{tag}>")
        elif key in ADDRESS_ATTRIBUTES or key.endswith("}href"):
            candidates = ([c.strip().split(" ")[0] for c in value.split(",")]
                          if key == "srcset" else [value])
            for address in candidates:
                if scheme(address) in REFUSED_SCHEMES:
                    problems.append(f"a {scheme(address)}: address in {name}= on <{tag}>")
    return problems


def _script_problems(script) -> list[str]:
    if script.get("src") is not None:
        return []  # the address is checked with the attributes; hosts by the allowlist
    if is_data_block(script):
        return []
    body = script.text or ""
    if is_own_script(body):
        return []
    preview = " ".join(body.split())[:60]
    return [f"a <script> that is not one of the site's own ({preview!r})"]


def inline_script_hashes(html: str) -> tuple[set[str], list[str]]:
    """(CSP hashes of the site's own inline scripts, previews of any other)."""
    tree = _parse(html)
    own, others = set(), []
    if tree is None:
        return own, others
    for script in tree.iter("script"):
        if script.get("src") is not None or is_data_block(script):
            continue
        body = script.text or ""
        if is_own_script(body):
            own.add(script_hash(body))
        else:
            others.append(" ".join(body.split())[:60])
    return own, others


# ── Stylesheets ───────────────────────────────────────────────────────────

def css_problems(css: str) -> list[str]:
    """@import, and url() that leaves the site (data: images are allowed:
    Material's icons)."""
    problems = []
    if _CSS_IMPORT.search(css):
        problems.append("@import")
    for match in _CSS_URL.finditer(css):
        address = match.group(2).strip()
        kind = scheme(address)
        if kind == "data" and address.lower().startswith("data:image/"):
            continue
        if kind is not None or address.startswith(("//", "\\")):
            problems.append(f"url({address[:80]}) leaves the site")
    return list(dict.fromkeys(problems))


def site_css_problems(site_dir: Path) -> list[str]:
    """One line per problem in every shipped stylesheet."""
    site_dir = Path(site_dir)
    found = []
    for path in sorted(site_dir.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(site_dir).as_posix()}: {problem}"
                  for problem in css_problems(text)]
    return found


# ── Policy documents (pandoc input) ───────────────────────────────────────

EMBEDDING_TAGS = ("img", "image", "picture", "source", "video", "audio", "track", "iframe",
                  "frame", "embed", "object", "link", "script", "svg", "input", "style")


def document_address_problems(fragment) -> list[str]:
    """What must never reach a .docx or .odt: anything pandoc would embed
    (an image of a local path or file: address would put that file inside
    the document), and javascript:/file:/data: or local-path links."""
    problems = []
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in EMBEDDING_TAGS:
            address = element.get("src") or element.get("href") or element.get("data") or ""
            problems.append(f"<{tag}{' ' + address if address else ''}> cannot go into a "
                            "document (documents carry text and links only)")
            continue
        href = element.get("href")
        if href is None:
            continue
        kind = scheme(href)
        if kind in REFUSED_SCHEMES or href.strip().startswith(("/", "\\", "~")):
            problems.append(f"the address {href!r} cannot go into a document")
    return problems


# ── One build ─────────────────────────────────────────────────────────────

class GateBuild:
    """One build's gate: every finished page as it is written, then the
    files that are not pages (the not-found page, redirect stubs) and the
    shipped CSS once the site is complete."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.pages: set[str] = set()

    def start(self) -> None:
        self.problems, self.pages = [], set()

    def page(self, html: str, dest_uri: str, src_uri: str) -> None:
        self.pages.add(dest_uri)
        self.problems += [f"docs/{src_uri}: {problem}" for problem in page_problems(html)]

    def finish(self, site_dir: Path, bundle: bool) -> list[str]:
        """Every problem in the build, one line each. With none and `bundle`
        (the file-share copy, Material's offline plugin), each page gets its
        own Content-Security-Policy, since no server sends one from a share."""
        site_dir = Path(site_dir)
        problems = list(self.problems)
        for path in sorted(site_dir.rglob("*.html")):
            name = path.relative_to(site_dir).as_posix()
            if name not in self.pages:
                problems += [f"{name}: {problem}" for problem in page_problems(
                    path.read_text(encoding="utf-8"), redirect_stub=True)]
        problems += site_css_problems(site_dir)
        if not problems and bundle:
            from . import bundle_csp

            bundle_csp.add_policies(site_dir)
        return problems
