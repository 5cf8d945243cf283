"""Print the CSP hashes of the site's own inline scripts in a built site.

    .venv/bin/python scripts/csp_hashes.py [SITE_DIR]      (default: site)

Material for MkDocs writes a few small inline scripts into every page (its
local-storage helpers, the colour palette restore, the tab/anchor restore),
and each redirect stub has one. The Content-Security-Policy in
deploy/nginx/site.conf allows exactly these by their SHA-256 hashes instead
of 'unsafe-inline'. After upgrading Material (or adding pages at a new folder
depth: one helper embeds the relative base URL), rebuild, run this script and
paste its output into the script-src of deploy/nginx/site.conf.
tests/site/test_nginx_config.py fails until you do.

Only the site's own scripts are hashed: they are recognised by their text in
Material's and mkdocs-redirects' own templates (macros/build/html_gate.py).
Any other inline script is refused, naming the page, and nothing is printed:
a planted script must never find its way into the policy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from macros.build.html_gate import inline_script_hashes as _page_scripts


class ForeignScript(ValueError):
    """An inline script that is not one of the site's own (one line)."""


def inline_script_hashes(html: str, where: str = "page") -> set[str]:
    """CSP source expressions ('sha256-...') of the page's own inline scripts;
    ForeignScript for any other executable inline script."""
    own, others = _page_scripts(html)
    if others:
        raise ForeignScript(f"{where}: an inline script that is not one of the site's own "
                            f"({others[0]!r}): it is not hashed; remove it from the page")
    return own


def site_hashes(site_dir: Path) -> set[str]:
    hashes: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"),
                                       page.relative_to(site_dir).as_posix())
    return hashes


def main() -> int:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not site_dir.is_dir():
        print(f"{site_dir}: no built site here (run: make build)", file=sys.stderr)
        return 1
    try:
        hashes = site_hashes(site_dir)
    except ForeignScript as exc:
        print(exc, file=sys.stderr)
        return 1
    print(" ".join(sorted(hashes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
