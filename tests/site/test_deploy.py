"""The container file, read statically (no container engine runs in the tests)."""

from __future__ import annotations

import re

import pytest

from tests.sitebuild import ROOT

CONTAINERFILE = ROOT / "deploy" / "Containerfile"
SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, comments and line continuations handled."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def args() -> dict[str, str]:
    return dict(rest.split("=", 1) for word, rest in instructions() if word == "ARG" and "=" in rest)


def expand(value: str) -> str:
    return re.sub(r"\$\{(\w+)\}", lambda m: args()[m.group(1)], value)


def test_base_image_is_nginx_pinned_to_a_release():
    froms = [expand(rest) for word, rest in instructions() if word == "FROM"]
    assert len(froms) == 1
    image = froms[0]
    name, _, tag = image.split("@")[0].rpartition(":")
    assert name.endswith("library/nginx") or name.endswith("/nginx-unprivileged"), image
    assert re.fullmatch(r"\d+\.\d+\.\d+(-alpine)?", tag), f"pin an exact release, not {tag!r}"


def test_serves_the_built_site_with_the_projects_nginx_config():
    copies = [expand(rest) for word, rest in instructions() if word == "COPY"]
    assert "deploy/nginx/site.conf /etc/nginx/conf.d/site.conf" in copies
    assert f"site/ {args()['WEB_ROOT']}/" in copies
    runs = " ".join(rest for word, rest in instructions() if word == "RUN")
    assert "rm -f /etc/nginx/conf.d/default.conf" in runs, "the image's default site must go"
    assert "nginx -t" in runs, "a configuration nginx rejects must fail the image build"


def test_nginx_config_serves_the_folder_the_site_is_copied_to():
    if not SITE_CONF.exists():
        pytest.skip("deploy/nginx/site.conf is written by the browser/deploy work; not here yet")
    roots = re.findall(r"^\s*root\s+([^;]+);", SITE_CONF.read_text(encoding="utf-8"), re.M)
    assert roots, "site.conf has no root directive"
    assert {root.strip().rstrip("/") for root in roots} == {args()["WEB_ROOT"].rstrip("/")}


def test_nginx_runs_as_an_unprivileged_user_on_the_configs_port():
    """The image's last USER (the one the container runs as) is not root, and
    nginx checks its configuration as that user; it listens where site.conf does."""
    users = [rest.split(":")[0] for word, rest in instructions() if word == "USER"]
    assert users and users[-1] not in {"root", "0"}, users
    order = [word for word, _ in instructions()]
    last_user = len(order) - 1 - order[::-1].index("USER")
    assert ("RUN", "nginx -t") in instructions()[last_user:], "check the config as that user"
    ports = re.findall(r"^\s*listen\s+(\d+);", SITE_CONF.read_text(encoding="utf-8"), re.M)
    exposed = [rest for word, rest in instructions() if word == "EXPOSE"]
    assert ports and exposed == ports and all(int(port) >= 1024 for port in ports)
