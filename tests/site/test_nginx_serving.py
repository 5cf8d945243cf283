"""The deploy story, served for real: nginx with deploy/nginx/site.conf at the
root of a host name, and deploy/nginx/site-subpath.conf under /safeguarding/.

Each site is built with scripts/build_site.py (what `make build` runs) under
umask 077, into a folder nginx's worker user (nobody, when the tests run as
root) may only read if the build made it readable. Needs nginx (Debian's
package; .ci/run installs it): skipped where it is missing, failed in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.browser_harness import nginx_headers
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
ROOT_CONF = ROOT / "deploy" / "nginx" / "site.conf"
SUBPATH_CONF = ROOT / "deploy" / "nginx" / "site-subpath.conf"
PAGES = {"index.md": page_front_matter() + "# Test page\n\nStart here.\n",
         "contacts.md": page_front_matter("Contacts") + "# Contacts\n\n[Start](index.md)\n"}


def test_both_nginx_examples_send_the_same_headers():
    root = nginx_headers(ROOT_CONF.read_text(encoding="utf-8"))
    assert root and nginx_headers(SUBPATH_CONF.read_text(encoding="utf-8")) == root


def test_subpath_example_serves_only_under_its_path_with_long_asset_caching():
    text = SUBPATH_CONF.read_text(encoding="utf-8")
    locations = re.findall(r"^\s*location\s+(.+?)\s*\{\s*$", text, re.M)
    assert locations == ["/safeguarding/", '~* "^/safeguarding/assets/.+\\.[0-9a-f]{8}\\.min\\.'
                         '(?:js|css)$"', "/safeguarding/assets/", "/safeguarding/search/",
                         "= /safeguarding/404.html"]
    assert "error_page 404 /safeguarding/404.html;" in text
    assert "expires 1y;" in text


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs it (apt-get install nginx)",
                        pytrace=False)
        pytest.skip("nginx is not installed here (Debian: apt-get install nginx)")
    return NGINX


@dataclass
class Served:
    origin: str  # http://127.0.0.1:PORT
    prefix: str  # the site's path: / or /safeguarding/

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        """GET a path from the server's root (/...) or from the site's (no slash)."""
        request = urllib.request.Request(
            self.origin + (path if path.startswith("/") else self.prefix + path))
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(nginx: str, conf: Path, web_root: Path, work: Path):
    port = free_port()
    site_conf = conf.read_text(encoding="utf-8")
    site_conf = re.sub(r"^(\s*)listen 8080;", rf"\g<1>listen 127.0.0.1:{port};", site_conf,
                       flags=re.M)
    site_conf = site_conf.replace("root /usr/share/nginx/html;", f"root {web_root};")
    (work / "site.conf").write_text(site_conf, encoding="utf-8")
    temp = "".join(f"  {kind}_temp_path {work}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"daemon off;\npid {work}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n{temp}"
        f"  include {work}/site.conf;\n}}\n", encoding="utf-8")
    process = subprocess.Popen([nginx, "-e", "stderr", "-p", str(work), "-c",
                                str(work / "nginx.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"nginx did not start: {process.communicate()[0]}")


@pytest.fixture(scope="module")
def served(nginx_binary, tmp_path_factory):
    """Both examples, each serving a site built for it."""
    work = tmp_path_factory.mktemp("nginx")
    config = make_fixture_site(work / "src", PAGES)
    profile = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    profile["site"] = {"base_path": "/safeguarding/"}
    (work / "subpath.yml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    # Readable to nginx's worker user only if the build makes it so.
    web = Path(tempfile.mkdtemp(prefix="nginx-web-", dir="/tmp"))
    os.chmod(web, 0o755)
    processes = []
    try:
        previous = os.umask(0o077)
        try:
            at_root = build(web / "root", config_file=config, atomic=True,
                            profile=work / "src" / "organisation.yml")
            under = build(web / "under" / "safeguarding", config_file=config, atomic=True,
                          profile=work / "subpath.yml")
        finally:
            os.umask(previous)
        assert at_root.ok, at_root.output
        assert under.ok, under.output
        os.chmod(web / "under", 0o755)  # the server's own folder, not the build's
        sites = {}
        for name, conf, root, path in (("root", ROOT_CONF, web / "root", "/"),
                                       ("subpath", SUBPATH_CONF, web / "under", "/safeguarding/")):
            (work / name).mkdir()
            process, port = serve(nginx_binary, conf, root, work / name)
            processes.append(process)
            sites[name] = Served(f"http://127.0.0.1:{port}", path)
        yield sites
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(web, ignore_errors=True)


@pytest.mark.parametrize("name", ["root", "subpath"])
def test_nginx_serves_pages_and_its_own_not_found_page(served, name):
    site = served[name]
    status, headers, body = site.get("")
    assert status == 200, body[:500]
    assert "Test page" in body
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    status, headers, _ = site.get("contacts")
    assert status == 301 and headers["Location"].endswith("/contacts/")
    status, _, body = site.get("contacts/")
    assert status == 200 and "Contacts" in body

    status, headers, body = site.get("no/such/page/")
    assert status == 404
    assert "Page not found" in body and headers["X-Robots-Tag"] == "noindex, nofollow"
    not_found = lxml.html.fromstring(body)
    start = not_found.xpath('//a[contains(., "Go to the start page")]/@href')
    assert start == [site.prefix]
    stylesheet = [href for href in not_found.xpath('//link[@rel="stylesheet"]/@href')
                  if "/assets/stylesheets/main." in href][0]
    assert stylesheet.startswith(site.prefix + "assets/")
    status, headers, _ = site.get(stylesheet)
    assert status == 200, stylesheet
    assert headers.get("Cache-Control") == "max-age=31536000"  # fingerprinted: a year
