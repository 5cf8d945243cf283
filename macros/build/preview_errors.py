"""`make serve`: a rebuild that fails shows its error in the open page.

Wired in by hooks/preview_errors.py (on_serve runs only under
`mkdocs serve`). Without it, MkDocs
holds every request after a failed rebuild until a build succeeds: the
browser just waits, and only the terminal says why. Here a failed rebuild:

- prints one line in the terminal: "ERROR - Preview not updated: <the
  build's error> ...";
- lets the server carry on with the last files it has, and puts the error,
  in a red box, at the top of every page it serves (and on a plain page for
  an address that no longer exists), so the open page reloads and shows it;
- clears as soon as a rebuild succeeds (the page reloads by itself).
"""

from __future__ import annotations

import html
import logging
import re

log = logging.getLogger("mkdocs.hooks.preview_errors")

_BODY = re.compile(rb"<body[^>]*>")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != log.name:
            self.messages.append(record.getMessage())


def error_box(lines: list[str]) -> bytes:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[:10])
    return (
        '<div role="alert" data-build-error style="background:#b00020;color:#fff;'
        'padding:1em 1.5em;font:1rem/1.4 sans-serif;position:relative;z-index:10">'
        "<strong>The preview is not up to date: the last change stopped the build.</strong>"
        f"<ul>{items}</ul>Fix it and save; this page then reloads by itself.</div>"
    ).encode()


def with_error(content: bytes, lines: list[str]) -> bytes:
    match = _BODY.search(content)
    at = match.end() if match else 0
    return content[:at] + error_box(lines) + content[at:]


def show_errors(server):
    """Wrap a MkDocs LiveReloadServer's builder, page injection and not-found page."""
    failed: list[str] = []
    build = server.builder
    inject = server._inject_js_into_html  # noqa: SLF001 - adds live reload to each page
    not_found = server.error_handler

    def build_showing_errors() -> None:
        collect = _Collect()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collect)
        try:
            build()
        except (Exception, SystemExit) as exc:  # Abort (a failed build) is a SystemExit
            failed[:] = [m for m in collect.messages if m.strip()] or [str(exc)]
            log.error("Preview not updated: %s (shown at the top of the open page until "
                      "a build succeeds)", failed[0])
            return
        finally:
            mkdocs_log.removeHandler(collect)
        failed.clear()

    def page_with_error(content: bytes, epoch: int) -> bytes:
        content = inject(content, epoch)
        return with_error(content, failed) if failed else content

    def missing_page(code: int):
        if failed:
            page = b"<!doctype html><html><head><title>Build failed</title></head><body></body></html>"
            return page_with_error(page, server._visible_epoch)  # noqa: SLF001
        return not_found(code) if not_found else None

    server.builder = build_showing_errors
    server._inject_js_into_html = page_with_error  # noqa: SLF001
    server.error_handler = missing_page
    return server
