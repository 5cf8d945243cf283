"""Print the CSP hashes of every inline script in a built site.

    .venv/bin/python scripts/csp_hashes.py [SITE_DIR]      (default: site)

Material for MkDocs writes a few small inline scripts into every page (its
local-storage helpers, the colour palette restore, the tab/anchor restore).
The Content-Security-Policy in deploy/nginx/site.conf allows exactly these
by their SHA-256 hashes instead of 'unsafe-inline'. After upgrading Material
(or adding pages at a new folder depth: one helper embeds the relative base
URL), rebuild, run this script and paste its output into the script-src of
deploy/nginx/site.conf. tests/site/test_nginx_config.py fails until you do.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions ('sha256-...') for each executable inline script."""
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs):
            continue
        kind = re.search(r'\btype\s*=\s*"([^"]*)"', attrs)
        if kind and kind.group(1).lower() not in ("", "text/javascript", "module"):
            continue  # data blocks (application/json) are never executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def site_hashes(site_dir: Path) -> set[str]:
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    return hashes


def main() -> int:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not site_dir.is_dir():
        print(f"{site_dir}: no built site here (run: make build)", file=sys.stderr)
        return 1
    print(" ".join(sorted(site_hashes(site_dir))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
