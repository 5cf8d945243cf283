"""The browser harness's own gates, without a browser."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from filelock import FileLock

from tests.browser.conftest import Tour, Visit
from tests.browser_harness import (
    TOUR_PARTS,
    RefusingPort,
    SiteServer,
    chromium_missing,
    http_status,
    nginx_headers,
    page_paths,
    same_origin,
    tour_parts,
)


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


def test_http_status_reads_the_local_server_even_with_a_proxy_in_the_environment(
        tmp_path: Path, monkeypatch):
    (tmp_path / "index.html").write_text("<p>Example</p>", encoding="utf-8")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    with SiteServer(tmp_path) as server:
        assert http_status(f"{server.origin}/index.html") == 200
        assert http_status(f"{server.origin}/missing/") == 404


def test_the_refusing_port_refuses_and_lets_only_the_site_go_direct():
    import socket

    port = RefusingPort()
    try:
        with socket.socket() as client:
            assert client.connect_ex(("127.0.0.1", port.port)) != 0, "the port accepted a connection"
        assert port.proxy_for("http://127.0.0.1:8123") == {
            "server": f"http://127.0.0.1:{port.port}", "bypass": "127.0.0.1:8123"}
    finally:
        port.close()


def test_page_paths(tmp_path: Path):
    for name in ("index.html", "contacts/index.html", "404.html", "law/scotland/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert page_paths(tmp_path) == ["/404.html", "/contacts/", "/", "/law/scotland/"]


# ── The tour of every page, in parts that workers share ───────────────────

PATHS = [f"/page-{n}/" for n in range(14)]


def fake_tour(runs: list):
    def run(paths):
        runs.append(paths)
        return {"visits": {p: asdict(Visit(p, [], [], [], {})) for p in paths},
                "requests": list(paths), "offsite": [], "cookies": []}
    return run


def test_tour_parts_deal_each_page_to_one_part():
    parts = tour_parts(PATHS)
    assert len(parts) == TOUR_PARTS
    assert sorted(p for part in parts for p in part) == sorted(PATHS)
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_each_tour_part_runs_once_and_the_whole_tour_joins_them(tmp_path: Path):
    runs = []
    tour = Tour(fake_tour(runs), PATHS, tmp_path)
    assert sorted(tour.part(2)["visits"]) == sorted(tour_parts(PATHS)[2])
    assert tour.part(2)["visits"][PATHS[2]] == Visit(PATHS[2], [], [], [], {})
    assert len(runs) == 1
    whole = Tour(fake_tour(runs), PATHS, tmp_path).whole()  # another worker, same folder
    assert len(runs) == TOUR_PARTS
    assert sorted(whole["visits"]) == sorted(PATHS) and sorted(whole["requests"]) == sorted(PATHS)


def test_a_tour_part_another_worker_is_running_is_left_to_it(tmp_path: Path):
    runs = []
    tour = Tour(fake_tour(runs), PATHS, tmp_path)
    with FileLock(str(tmp_path / "browser-tour-0.json.lock")):
        assert tour.part(0, wait=False) is None
        assert tour.part(1, wait=False) is not None
    assert runs == [tour_parts(PATHS)[1]]
