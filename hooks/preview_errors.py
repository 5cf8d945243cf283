"""MkDocs hook: under `make serve`, a failed rebuild shows its error at the
top of the open page instead of holding the browser.

Wiring only; the behaviour is in macros/build/preview_errors.py.
"""

from __future__ import annotations

from macros.build import preview_errors


def on_serve(server, config, builder, **kwargs):
    return preview_errors.show_errors(server)
