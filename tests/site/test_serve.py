"""The README's first command: `make serve` previews the site on 127.0.0.1.

Runs the same `mkdocs serve --strict` the Makefile runs, on a free port, and
reads pages over HTTP. Every hook runs under serve too, where MkDocs sets
site_url to the local address.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.sitebuild import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_command_serves_the_site_locally():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(PY) -m mkdocs serve --strict --dev-addr $(HOST):$(PORT)" in makefile
    assert re.search(r"^HOST\s+\?= 127\.0\.0\.1$", makefile, re.M)

    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ORG_PROFILE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        if page is None:
            server.terminate()
            pytest.fail(f"mkdocs serve did not serve the site:\n{server.communicate()[0]}")
        assert "<title>Found something?" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/triage/", timeout=5) as response:
            assert "What have you found?" in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)
