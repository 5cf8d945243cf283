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
import urllib.error
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


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, what: str, server, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            found = condition()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.3)
    server.terminate()
    pytest.fail(f"mkdocs serve: {what}:\n{server.communicate()[0]}")


def test_serve_watches_the_profile_in_use_and_shows_a_failed_rebuild_in_the_page(tmp_path):
    """`make serve ORG_PROFILE=...`: editing that profile rebuilds; a mistake
    appears at the top of the open page and in one terminal line; fixing it
    clears it."""
    from tests.sitebuild import make_fixture_site, page_front_matter

    config = make_fixture_site(tmp_path / "src", {
        "index.md": page_front_matter() + "# Test page\n\nCall {{ contact_phone('hr') }}.\n"})
    profile = tmp_path / "elsewhere" / "acme.yml"  # not organisation.yml: ORG_PROFILE's file
    profile.parent.mkdir()
    good = (ROOT / "organisation.yml").read_text(encoding="utf-8")
    profile.write_text(good, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ORG_PROFILE": str(profile)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--config-file", str(config),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "020 7946 0104" in fetch(page)[1], "no first page", server)

        profile.write_text(good.replace("phone: 020 7946 0104", 'phone: "12345"'), encoding="utf-8")
        status, html = wait_for(lambda: (lambda r: r if "data-build-error" in r[1] else None)(
            fetch(page)), "no error shown after breaking the profile", server)
        assert status == 200
        box = html[html.index("data-build-error"):][:800]
        assert "contacts.hr.phone: not a valid phone number: &#x27;12345&#x27;" in box, box
        assert fetch(f"http://127.0.0.1:{port}/no-such-page/")[1].count("data-build-error") == 1

        profile.write_text(good.replace("phone: 020 7946 0104", "phone: 020 7946 0199"),
                           encoding="utf-8")
        wait_for(lambda: "020 7946 0199" in fetch(page)[1], "no rebuild after the fix", server)
        assert "data-build-error" not in fetch(page)[1]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    [line] = [line for line in output.splitlines() if "Preview not updated" in line]
    assert line.startswith("ERROR")
    assert f"Organisation profile {profile}: contacts.hr.phone: not a valid phone number" in line
    assert "Traceback" not in output
