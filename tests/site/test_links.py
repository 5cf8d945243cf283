"""Links: external-domain allowlist (build gate), lychee offline with
fragments, redirects for moved pages, and the edit link without GitHub calls."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from macros.build.external_links import AllowlistError, allowed_domain, disallowed_links, external_host, load_allowlist
from macros.profile import load_profile
from scripts.external_links import data_urls
from scripts.lint import links_command
from tests.htmlpages import Site
from tests.sitebuild import ROOT, build, make_fixture_site, page_front_matter

ALLOWLIST = ROOT / "data" / "external-links.yml"
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


# ── External-link allowlist ───────────────────────────────────────────────

def test_every_allowlisted_domain_has_a_reason():
    allowed = load_allowlist(ALLOWLIST)
    assert len(allowed) >= 15
    assert all(len(reason.split()) >= 3 for reason in allowed.values())
    for needed in ("legislation.gov.uk", "cps.gov.uk", "iwf.org.uk", "police.uk", "nspcc.org.uk"):
        assert needed in allowed


def test_allowlist_without_a_reason_is_rejected(tmp_path):
    path = tmp_path / "external-links.yml"
    path.write_text("domains:\n  - domain: iwf.org.uk\n", encoding="utf-8")
    with pytest.raises(AllowlistError, match=r"domains\[0\]\.reason"):
        load_allowlist(path)
    path.write_text("domains:\n  - domain: https://iwf.org.uk/\n    reason: A good reason here.\n",
                    encoding="utf-8")
    with pytest.raises(AllowlistError, match=r"domains\[0\]\.domain"):
        load_allowlist(path)


def test_domain_matching_covers_subdomains_only():
    allowed = {"iwf.org.uk", "police.uk"}
    assert allowed_domain("www.iwf.org.uk", allowed) and allowed_domain("iwf.org.uk", allowed)
    assert allowed_domain("www.psni.police.uk", allowed)
    assert not allowed_domain("notiwf.org.uk", allowed)
    assert not allowed_domain("iwf.org.uk.example.net", allowed)
    assert external_host("//cdn.example.net/x.js") == "cdn.example.net"
    assert external_host("mailto:a@example.org") is None and external_host("../x/") is None
    html = ('<a href="https://www.iwf.org.uk/report">ok</a><a href="tel:999">t</a>'
            '<img src="https://cdn.example.net/x.png"><a href="http://evil.example.net/">x</a>')
    assert disallowed_links(html, allowed) == [
        "https://cdn.example.net/x.png", "http://evil.example.net/"]


def test_every_kind_of_outside_address_is_found_and_relative_links_are_not():
    allowed = {"iwf.org.uk"}
    html = ('<a href="../found/">in</a><a href="/assets/x.css">root</a><a href="#top">top</a>'
            '<a href="mailto:a@example.org">m</a><a href="tel:999">t</a>'
            '<a href="HTTPS://Evil.Example.net/">upper</a>'
            '<script src="//cdn.example.net/x.js"></script>'
            '<a href="\\\\back.example.net/x">backslashes</a>'
            '<img srcset="small.png 1x, https://img.example.net/big.png 2x">'
            '<form action="https://form.example.net/post"></form>'
            '<a href="https://www.iwf.org.uk/report">allowed</a>')
    assert sorted(disallowed_links(html, allowed)) == sorted([
        "HTTPS://Evil.Example.net/", "//cdn.example.net/x.js", "\\\\back.example.net/x",
        "https://img.example.net/big.png", "https://form.example.net/post"])


def test_every_address_in_the_data_files_is_allowlisted():
    allowed = load_allowlist(ALLOWLIST)
    urls = data_urls()
    assert urls, "no web addresses found in data/"
    assert [u for u in urls if not allowed_domain(external_host(u), allowed)] == []


def test_link_to_a_domain_not_on_the_allowlist_fails_the_build(family_build):
    # index.md links to a listed domain, other.md to one not listed (families.LINKS)
    result = family_build("links")
    assert not result.ok
    assert "Traceback" not in result.output
    assert ("docs/other.md: external link to https://unlisted.example.net/page: domain "
            "unlisted.example.net is not on the allowlist in data/external-links.yml") in result.output
    assert "docs/index.md" not in result.output


# ── lychee: the built site offline, anchors included ──────────────────────

def run_lychee(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(links_command(site), capture_output=True, text=True, check=False)


def test_lychee_finds_no_broken_link_or_anchor_in_the_built_site(built_site: Site):
    result = run_lychee(built_site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 Errors" in result.stdout + result.stderr


def test_lychee_fails_on_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><body><h2 id="who-to-tell">Who</h2></body></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<html><body><a href="a/#who-to-tell">ok</a> <a href="a/#who-to-tel">bad</a></body></html>',
        encoding="utf-8")
    result = run_lychee(tmp_path)
    assert result.returncode != 0
    assert "who-to-tel" in result.stdout + result.stderr
    assert "1 Error" in result.stdout + result.stderr


# ── Redirects for moved pages ─────────────────────────────────────────────

def redirect_maps() -> dict[str, str]:
    for plugin in CONFIG["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return plugin["redirects"]["redirect_maps"]
    raise AssertionError("mkdocs-redirects is not configured")


def test_example_redirect_sends_the_old_address_to_the_new_page(built_site: Site):
    assert redirect_maps()["found-something.md"] == "index.md"
    stub = built_site.page("found-something/")
    assert stub.is_redirect
    assert stub.xpath('//meta[@http-equiv="refresh"]/@content') == ["0; url=../"]
    assert stub.xpath('//meta[@name="robots"]/@content') == ["noindex, nofollow"]
    assert (built_site.root / "index.html").is_file()


def test_every_redirect_stub_is_noindex(built_site: Site):
    stubs = built_site.redirects()
    assert len(stubs) == len(redirect_maps())
    for stub in stubs:
        assert stub.xpath('//meta[@name="robots"]/@content') == ["noindex, nofollow"], stub.path


# ── Edit this page, with no request to GitHub at run time ─────────────────

def test_every_page_has_an_edit_link_to_its_source(built_site: Site):
    base = load_profile(ROOT / "organisation.yml").site.edit_uri
    report = json.loads((built_site.root / "review-report.json").read_text(encoding="utf-8"))
    for entry in report["pages"]:
        links = built_site.page(entry["url"]).xpath('//p[@class="edit-link"]/a/@href')
        source = f"docs/{entry['page']}"
        if entry["page"].startswith("triage/"):  # generated from the triage data
            source = "data/triage.yml"
        assert links == [base + source], entry["page"]
        assert (ROOT / source).is_file()


def test_no_repository_widget_or_github_api_call(built_site: Site):
    # Material fetches stars and forks from the GitHub API when repo_url is set.
    assert "repo_url" not in CONFIG and "repo_name" not in CONFIG and "edit_uri" not in CONFIG
    for page in built_site.pages():
        assert not page.xpath('//*[@data-md-component="source"] | //*[contains(@class, "md-source")]')
        assert "api.github.com" not in page.html, page.path
        config = json.loads(page.xpath('string(//script[@id="__config"])'))
        assert not [key for key in config if "repo" in key.lower()], page.path
