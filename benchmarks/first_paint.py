"""First paint and search-ready time on a throttled phone, served like production.

    .venv/bin/python -m benchmarks.first_paint [--site-dir site] [--runs 5]

The built site is served by nginx with deploy/nginx/site.conf (its gzip
compression, caching and headers; only `listen` and `root` are changed), or,
where nginx is not installed, by a local server that gzips the same types at
the same level (the output says which). Each of the start page and every
"what to do" page is loaded cold (a new browser context, so nothing is
cached) `--runs` times in Chromium at 390x844 with the network at 1.6 Mbps
down, 750 kbps up and 150 ms round trip, and the CPU slowed 4 times (Chrome
DevTools Protocol: Network.emulateNetworkConditions and
Emulation.setCPUThrottlingRate). It prints the median first contentful paint
of each page and, on the start page, the median time until search is ready
(Material's search worker has loaded the index). Target: first paint <= 1.0 s.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import site_dir
from tests.browser_harness import CHROMIUM, CHROMIUM_ARGS, NGINX_SITE_CONF, SEARCH_READY, nginx_headers

TARGET_FCP_S = 1.0
NGINX = Path("/usr/sbin/nginx")
PHONE = {"width": 390, "height": 844}
NETWORK = {  # bytes per second, milliseconds
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4
GZIP_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript",
              "application/json", "image/svg+xml", "text/plain")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path) -> Iterator[str]:
    """deploy/nginx/site.conf on a free local port, root = the built site."""
    port = _free_port()
    server = NGINX_SITE_CONF.read_text(encoding="utf-8")
    server = re.sub(r"^\s*listen\s+\d+;", f"    listen 127.0.0.1:{port};", server, count=1,
                    flags=re.M)
    server = re.sub(r"^\s*root\s+[^;]+;", f"    root {site.resolve()};", server, count=1,
                    flags=re.M)
    with tempfile.TemporaryDirectory(prefix="first-paint-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(
            f"daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
            f"  fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n"
            f"  scgi_temp_path {tmp}/scgi;\n{server}\n}}\n", encoding="utf-8")
        process = subprocess.Popen([str(NGINX), "-p", tmp, "-c", str(conf)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                            timeout=0.1):
                    break
                if process.poll() is not None:
                    raise SystemExit(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Like nginx here: gzip level 6 for text types, the site's headers, no caching of HTML."""

    extra_headers: dict[str, str] = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or not ctype.startswith(GZIP_TYPES) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass


@contextlib.contextmanager
def gzip_server(site: Path) -> Iterator[str]:
    headers = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    handler = type("Handler", (_GzipHandler,), {"extra_headers": headers})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: handler(*a, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


FCP = """
() => new Promise(resolve => {
  const found = performance.getEntriesByName('first-contentful-paint')[0];
  if (found) return resolve(found.startTime);
  new PerformanceObserver(list => {
    const entry = list.getEntriesByName('first-contentful-paint')[0];
    if (entry) resolve(entry.startTime);
  }).observe({type: 'paint', buffered: true});
})
"""


def cold_load(browser, url: str, *, search: bool) -> tuple[float, float | None]:
    """(first contentful paint, search ready) in seconds from navigation start."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="commit", timeout=60000)
    ready = None
    if search:
        page.wait_for_function(SEARCH_READY, polling="raf", timeout=60000)
        ready = page.evaluate("performance.now()") / 1000
    fcp = page.evaluate(FCP) / 1000
    context.close()
    return fcp, ready


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    use_nginx = NGINX.is_file() and shutil.which("true") is not None
    serve = nginx if use_nginx else gzip_server
    with site_dir(args.site_dir) as site, serve(site) as origin, sync_playwright() as playwright:
        paths = ["/"] + sorted(
            "/" + p.parent.relative_to(site).as_posix() + "/"
            for p in (site / "what-to-do").glob("*/index.html"))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        rows = []
        for path in paths:
            runs = [cold_load(browser, origin + path, search=path == "/") for _ in range(args.runs)]
            fcp = statistics.median(r[0] for r in runs)
            ready = statistics.median(r[1] for r in runs) if path == "/" else None
            rows.append((path, fcp, ready))
        browser.close()
    server = "nginx (deploy/nginx/site.conf)" if use_nginx else \
        "local gzip server (nginx not installed; gzip level 6, same types and headers)"
    print(f"first paint on a throttled phone: {server}; 390x844, CPU x{CPU_SLOWDOWN}, "
          f"1.6 Mbps down, 150 ms RTT; median of {args.runs} cold loads")
    print(f"  {'page':45} {'first paint':>12} {'search ready':>13}")
    for path, fcp, ready in rows:
        print(f"  {path:45} {fcp:10.2f} s {'' if ready is None else f'{ready:11.2f} s'}")
    worst = max(fcp for _, fcp, _ in rows)
    met = worst <= TARGET_FCP_S
    print(f"  slowest first paint {worst:.2f} s; target <= {TARGET_FCP_S:.1f} s: "
          f"{'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
