"""The example nginx site (deploy/nginx/site.conf): headers, a strict CSP that fits the site."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from scripts.csp_hashes import ForeignScript, inline_script_hashes, site_hashes
from tests.browser_harness import NGINX_SITE_CONF, csp_directives, nginx_headers
from tests.htmlpages import Site
from tests.sitebuild import ROOT

CONF = NGINX_SITE_CONF.read_text(encoding="utf-8")
HEADERS = nginx_headers(CONF)
CSP = csp_directives(HEADERS.get("Content-Security-Policy", ""))


def test_security_headers_are_sent():
    assert HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] == "no-referrer"
    assert HEADERS["X-Frame-Options"] == "DENY"
    assert HEADERS["X-Robots-Tag"] == "noindex, nofollow"
    assert "camera=()" in HEADERS["Permissions-Policy"]


def test_every_header_is_sent_on_errors_too():
    lines = [line.strip() for line in CONF.splitlines() if line.strip().startswith("add_header")]
    assert lines and all(line.endswith("always;") for line in lines), lines


def test_no_add_header_inside_a_location():
    """nginx drops every server-level header in a location with its own add_header."""
    depth, problems = 0, []
    for number, line in enumerate(CONF.splitlines(), 1):
        code = line.split("#", 1)[0]
        if depth >= 2 and code.strip().startswith("add_header"):
            problems.append(f"site.conf:{number}: {code.strip()}")
        depth += code.count("{") - code.count("}")
    assert not problems


def test_csp_is_strict():
    assert CSP["default-src"] == ["'self'"]
    assert CSP["frame-ancestors"] == ["'none'"]
    assert CSP["object-src"] == ["'none'"]
    assert CSP["base-uri"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        sources = CSP[directive]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, directive
        assert not [s for s in sources if s.startswith(("http", "*", "data:", "blob:"))], directive
    assert [s for s in CSP["script-src"] if not s.startswith("'sha256-")] == ["'self'"]


def test_csp_hashes_match_the_inline_scripts_of_the_built_site(built_site: Site):
    allowed = {s for s in CSP["script-src"] if s.startswith("'sha256-")}
    needed = site_hashes(built_site.root)
    assert needed, "no inline scripts found: has the theme changed?"
    assert needed <= allowed, (
        f"{NGINX_SITE_CONF.name}: script-src lacks {sorted(needed - allowed)}; "
        "rebuild and run scripts/csp_hashes.py SITE_DIR, then update script-src")
    assert allowed <= needed, (
        f"{NGINX_SITE_CONF.name}: script-src allows scripts the site no longer has: "
        f"{sorted(allowed - needed)}; run scripts/csp_hashes.py SITE_DIR")


def test_hash_check_sees_a_changed_own_script_and_refuses_a_foreign_one(tmp_path):
    """Only the site's own inline scripts are hashed; any other is refused,
    naming the page, so a planted script never reaches the policy."""
    own = '<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
    page = own + '<script type="application/json">{"x":1}</script><script src="x.js"></script>'
    assert len(inline_script_hashes(page)) == 1  # the JSON data block is not executed
    planted = page + "<script>window.pwned=1</script>"
    with pytest.raises(ForeignScript) as caught:
        inline_script_hashes(planted, "contacts/index.html")
    assert str(caught.value).startswith("contacts/index.html: an inline script that is not one "
                                        "of the site's own ('window.pwned=1')")
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "index.html").write_text(planted, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "csp_hashes.py"),
                             str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "contacts/index.html" in result.stderr
    assert "Traceback" not in result.stderr


def test_fingerprinted_assets_are_cached_long_and_pages_revalidated():
    assert "try_files $uri $uri/ =404;" in CONF  # /contacts -> 301 /contacts/
    assert "index index.html;" in CONF
    assert "expires 1y;" in CONF
    assert "expires epoch;" in CONF
    assert "server_tokens off;" in CONF


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_config(tmp_path):
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log stderr;\n"
        "events {}\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        f"  access_log off;\n  client_body_temp_path {tmp_path};\n"
        f"  include {NGINX_SITE_CONF};\n"
        "}\n", encoding="utf-8")
    result = subprocess.run(["nginx", "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(main)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
