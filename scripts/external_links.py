"""External links: list them, or check them online with lychee.

    python scripts/external_links.py list  [--site SITE]   # every external URL
    python scripts/external_links.py check [--site SITE]   # lychee, online
    make linkcheck-external

The URLs are those in the built site (the "Edit this page" links aside: they
point at the repository's editor, which needs a login) and every web address
in data/*.yml (service pages and the sources behind each fact). Without
--site the site is built into a temporary folder first. This needs the
internet, so it is not part of `make test`; CI runs it weekly
(.github/workflows/external-links.yml).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.build.engine import build_quietly, tool
from macros.build.external_links import external_host, external_urls

ROOT = Path(__file__).resolve().parents[1]

DATA_URL = re.compile(r"""https?://[^\s'"<>]+""")


def data_urls(data_dir: Path = ROOT / "data") -> list[str]:
    """Every web address written in the data files (the allowlist file aside)."""
    found = []
    for path in sorted(data_dir.glob("*.yml")):
        if path.name == "external-links.yml":
            continue
        found += [u.rstrip(".,);") for u in DATA_URL.findall(path.read_text(encoding="utf-8"))]
    return found


def site_urls(site: Path) -> list[str]:
    import lxml.html

    found = []
    for page in sorted(site.rglob("*.html")):
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        for link in tree.xpath('//*[contains(concat(" ", @class, " "), " edit-link ")]'):
            link.drop_tree()
        found += external_urls(lxml.html.tostring(tree, encoding="unicode"))
    return found


def all_urls(site: Path) -> list[str]:
    return sorted({u for u in site_urls(site) + data_urls() if external_host(u)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["list", "check"])
    parser.add_argument("--site", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="external-links-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_quietly(site, ROOT)
        urls = all_urls(site)
    if args.command == "list":
        print("\n".join(urls))
        return 0
    command = [tool("lychee"), "--no-progress", "--max-retries", "3", "--timeout", "30",
               "--max-concurrency", "4",
               "--user-agent", "Mozilla/5.0 (link check; intranet guide)", "-"]
    print(f"Checking {len(urls)} external addresses online ...", flush=True)
    return subprocess.run(command, input="\n".join(urls), text=True, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
