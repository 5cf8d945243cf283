"""The file-share bundle's own Content-Security-Policy.

Opened from a file share there is no web server to send the policy nginx
sends, so every page of the bundle carries it as
`<meta http-equiv="Content-Security-Policy">`, as the first thing in its
<head>. It is as strict as file:// allows: only the bundle's own files,
no 'unsafe-inline'. The inline scripts allowed are, by hash, exactly the
page's own (macros/build/html_gate.py) plus the one the vendored
iframe-worker shim writes into its frame to run search from file:// (its
text contains the search worker's address, so it is computed per page).

A <meta> policy cannot set frame-ancestors, report-uri or sandbox; those
matter only on a server, where nginx sends them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .html_gate import inline_script_hashes, script_hash

SHIM = Path("assets") / "javascripts" / "iframe-worker" / "shim.js"
POLICY = ("default-src 'none'; script-src 'self' {hashes}; style-src 'self'; "
          "img-src 'self' data:; font-src 'self'; "
          "object-src 'none'; base-uri 'none'; "
          "form-action 'none'")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?", re.I)


def shim_frame_script(shim_js: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame: its
    two helper functions' source and the worker's address."""
    post = re.search(r"function c\(s,n\)\{.*?\}", shim_js)
    imports = re.search(r"function d\(\.\.\.s\)\{return .*?Promise\.resolve\(\)\)\}", shim_js)
    if not post or not imports:
        raise ValueError(f"{SHIM}: not the iframe-worker shim this policy was written for")
    return (f"postMessage={post.group(0)};importScripts={imports.group(0)};"
            f'addEventListener("error",({{error}})=>{{parent.dispatchEvent(new ErrorEvent("error",'
            f'{{filename:"{worker_url}",error}}))}})')


def page_policy(html: str, shim_js: str | None) -> str:
    own, _others = inline_script_hashes(html)  # others never get here: the gate refuses them
    hashes = set(own)
    config = _CONFIG.search(html)
    if shim_js and config:
        worker = json.loads(config.group(1)).get("search")
        if worker:
            hashes.add(script_hash(shim_frame_script(shim_js, worker)))
    return POLICY.format(hashes=" ".join(sorted(hashes))).replace("'self' ;", "'self';")


def with_policy(html: str, policy: str) -> str:
    """The page with the policy as the first element of <head> (after the
    charset, which must stay first)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    match = _HEAD.search(html)
    if not match:
        return meta + html
    return html[: match.end()] + meta + html[match.end():]


def add_policies(site_dir: Path) -> int:
    """Give every HTML file of a built bundle its policy; the number done."""
    site_dir = Path(site_dir)
    shim = site_dir / SHIM
    shim_js = shim.read_text(encoding="utf-8") if shim.is_file() else None
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in html:
            continue
        page.write_text(with_policy(html, page_policy(html, shim_js)), encoding="utf-8")
        count += 1
    return count
