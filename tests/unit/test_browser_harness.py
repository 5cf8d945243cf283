"""The browser harness's own gates, without a browser."""

from __future__ import annotations

from pathlib import Path

from tests.browser_harness import chromium_missing, nginx_headers, page_paths, same_origin


def test_chromium_present_runs_the_browser_tests(tmp_path: Path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    assert chromium_missing(browser, {}) is None
    assert chromium_missing(browser, {"CI": "true"}) is None


def test_chromium_missing_skips_on_a_developer_machine(tmp_path: Path):
    action, why = chromium_missing(tmp_path / "chromium", {})
    assert action == "skip"
    assert "apt-get install chromium" in why


def test_chromium_missing_fails_in_ci(tmp_path: Path):
    action, why = chromium_missing(tmp_path / "chromium", {"CI": "true"})
    assert action == "fail"
    assert "CI" in why


def test_nginx_headers_reads_quoted_one_line_add_header_lines():
    conf = """
    server {
        add_header X-Content-Type-Options "nosniff" always;
        add_header Referrer-Policy "no-referrer";
        # add_header X-Commented "no" always;
        location / { expires epoch; }
    }
    """
    assert nginx_headers(conf) == {"X-Content-Type-Options": "nosniff",
                                   "Referrer-Policy": "no-referrer"}


def test_same_origin():
    origin = "http://127.0.0.1:8123"
    assert same_origin("http://127.0.0.1:8123/assets/x.js", origin)
    assert same_origin("data:image/svg+xml,<svg/>", origin)
    assert not same_origin("http://127.0.0.1:9999/", origin)
    assert not same_origin("https://cdn.example.org/x.js", origin)


def test_page_paths(tmp_path: Path):
    for name in ("index.html", "contacts/index.html", "404.html", "law/scotland/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert page_paths(tmp_path) == ["/404.html", "/contacts/", "/", "/law/scotland/"]
