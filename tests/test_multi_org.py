"""Many organisations from one repository, and the file-share bundle.

One fixture runs `scripts/build_all.py` once, in parallel, for two fictional
profiles plus a third that is still to be filled in (and so must fail). Its
output proves: no contact detail crosses between organisations; a failed
profile's previous site and zip stay as they were while the others build;
and the file-share zip works from file:// in Chromium.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from macros.profile import CONTACT_ROLES, load_profile, unfilled_keys
from macros.profile_cli import new_profile_text
from tests.htmlpages import Page
from tests.leakscan import contact_details, find_details, scanned_files
from tests.sitebuild import ROOT, make_fixture_site, page_front_matter

SCHOOLS = ROOT / "profiles" / "example-school-group.yml"
COUNCIL = ROOT / "profiles" / "example-council.yml"


@dataclass
class Builds:
    out: Path
    returncode: int
    output: str
    previous_site: bytes  # the "last good" index.html of the failing profile
    previous_zip: bytes

    def site(self, name: str) -> Path:
        return self.out / name / "site"

    def zip(self, name: str) -> Path:
        return self.out / name / f"{name}-fileshare.zip"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    where = tmp_path_factory.mktemp("build-all")
    out = where / "build"
    # A profile made by `profile_cli new`, never filled in: its build must
    # fail and leave its last good output exactly as it was.
    unfilled = where / "unfilled.yml"
    unfilled.write_text(new_profile_text(unfilled, ROOT / "organisation.yml"), encoding="utf-8")
    previous_site = b"<!doctype html><title>last good site</title>"
    (out / "unfilled" / "site").mkdir(parents=True)
    (out / "unfilled" / "site" / "index.html").write_bytes(previous_site)
    previous_zip = out / "unfilled" / "unfilled-fileshare.zip"
    with zipfile.ZipFile(previous_zip, "w") as archive:
        archive.writestr("unfilled-fileshare/index.html", previous_site)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_all.py"), "--out", str(out),
         "--jobs", str(os.cpu_count() or 2), str(SCHOOLS), str(COUNCIL), str(unfilled)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if k != "ORG_PROFILE"},
    )
    return Builds(out, result.returncode, result.stdout + result.stderr,
                  previous_site, previous_zip.read_bytes())


# --------------------------------------------------------------------------
# Each organisation gets its own output, and only its own details
# --------------------------------------------------------------------------


def test_each_good_profile_builds_its_site_and_bundle(builds: Builds):
    for name, short in (("example-school-group", "Example Schools"),
                        ("example-council", "Example Council")):
        index = Page(builds.site(name) / "index.html")
        assert index.xpath("//title")[0].text.endswith(
            f"{short}: child sexual abuse images at work"), builds.output
        assert zipfile.is_zipfile(builds.zip(name)), builds.output
        assert f"ok    {name} site" in builds.output
        assert f"ok    {name} bundle" in builds.output


GOOD = ("example-school-group", "example-council")


@pytest.fixture(scope="module")
def scans(builds: Builds) -> dict[str, dict[str, list[str]]]:
    """Each good profile's whole output folder, scanned once for both profiles' details."""
    details = [detail for name in GOOD
               for detail in contact_details(load_profile(ROOT / "profiles" / f"{name}.yml"), name)]
    return {name: find_details(builds.out / name, details) for name in GOOD}


@pytest.mark.parametrize("own, other", [GOOD, GOOD[::-1]])
def test_no_contact_detail_of_one_organisation_in_the_others_output(builds, scans, own, other):
    # The scanner must see each detail in the organisation's own output (site
    # pages, search index and inside its zip), or its silence below means nothing.
    for detail in contact_details(load_profile(ROOT / "profiles" / f"{own}.yml"), own):
        key = detail.what.split(": ", 1)[1]
        if key in {"organisation.name", "organisation.intranet_url"}:
            continue  # not (yet) shown on any page; still checked below
        files = scans[own].get(detail.what, [])
        assert any(f.startswith("site/") and f.endswith(".html") for f in files), detail.what
        assert any("fileshare.zip!" in f for f in files), detail.what
        if key.startswith(("contacts.", "site_owner.")):
            assert "site/search/search_index.json" in files, detail.what
    scanned = scanned_files(builds.out / other)
    assert "site/search/search_index.json" in scanned
    assert f"{other}-fileshare.zip!{other}-fileshare/index.html" in scanned
    leaked = {what: files for what, files in scans[other].items()
              if what.startswith(f"{own}: ")}
    assert leaked == {}, f"{own}'s details in {other}'s output"


def test_profiles_keep_their_own_nations_and_legal_systems():
    assert [n.value for n in load_profile(SCHOOLS).organisation.nations] == ["scotland"]
    council = load_profile(COUNCIL).organisation
    assert [n.value for n in council.nations] == ["england", "wales", "northern-ireland"]
    assert [j.value for j in council.jurisdictions] == ["england-and-wales", "northern-ireland"]


def test_example_profiles_are_fictional():
    for path in sorted((ROOT / "profiles").glob("*.yml")):
        profile = load_profile(path)
        assert profile.demonstration, path
        for role in CONTACT_ROLES:
            contact = profile.contact(role)
            assert contact.phone.startswith("020 7946 0"), (path, role)
            assert contact.email.endswith(("@example.org", ".example.org", "@example.net")), (
                path, role)


def test_leak_scanner_reads_inside_office_documents(tmp_path):
    """A phone number split across runs of a .docx is still found."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("Call ")
    paragraph.add_run("020 7946")
    paragraph.add_run(" 0304 now.")
    (tmp_path / "downloads").mkdir()
    document.save(tmp_path / "downloads" / "policy.docx")
    found = find_details(tmp_path, contact_details(load_profile(COUNCIL)))
    assert found == {"contacts.hr.phone": ["downloads/policy.docx!word/document.xml"]}


# --------------------------------------------------------------------------
# Atomic output: a failed profile changes nothing of its own, stops no other
# --------------------------------------------------------------------------


def test_failed_profile_is_reported_naming_every_unfilled_key(builds: Builds):
    assert builds.returncode == 1
    assert "FAIL  unfilled site" in builds.output
    assert "FAIL  unfilled bundle" in builds.output
    assert "Traceback" not in builds.output
    template = yaml.safe_load(new_profile_text(Path("x.yml"), ROOT / "organisation.yml"))
    keys = unfilled_keys(template)
    assert "contacts.hr.phone" in keys and len(keys) > 30
    for key in keys:
        assert f"{key}: still to fill in" in builds.output, key


def test_failed_profile_leaves_its_previous_site_and_zip_untouched(builds: Builds):
    assert (builds.site("unfilled") / "index.html").read_bytes() == builds.previous_site
    assert sorted(p.name for p in builds.site("unfilled").iterdir()) == ["index.html"]
    assert builds.zip("unfilled").read_bytes() == builds.previous_zip
    # No half-written staging folder or zip is left beside them.
    assert sorted(p.name for p in (builds.out / "unfilled").iterdir()) == [
        "site", "unfilled-fileshare.zip"]


def test_bundle_refuses_pages_that_would_load_from_outside(tmp_path):
    """Without the local shim, the offline plugin adds a CDN script: the bundle
    must fail and keep the previous zip."""
    config = make_fixture_site(tmp_path / "src", {
        "index.md": page_front_matter() + "# Test page\n\nHello.\n"})
    offline = yaml.safe_load((ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"))
    offline["INHERIT"] = config.name
    offline["extra"]["polyfills"] = []
    offline_config = config.parent / "mkdocs.offline.yml"
    offline_config.write_text(yaml.safe_dump(offline, sort_keys=False), encoding="utf-8")
    zip_path = tmp_path / "out" / "fixture-fileshare.zip"
    zip_path.parent.mkdir()
    zip_path.write_bytes(b"last good zip")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_bundle.py"),
         "--config-file", str(offline_config), "--out", str(zip_path),
         "--profile", str(config.parent / "organisation.yml")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    # Two gates can stop it first: the bundle's own check ("would load from
    # outside the bundle") or the external-link allowlist. Either names unpkg.com.
    assert "unpkg.com" in result.stderr
    assert "unpkg.com/iframe-worker" in result.stderr
    assert zip_path.read_bytes() == b"last good zip"
    assert [p.name for p in zip_path.parent.iterdir()] == [zip_path.name]


# --------------------------------------------------------------------------
# The file-share bundle's configuration
# --------------------------------------------------------------------------


def test_offline_config_repeats_the_projects_plugins_and_adds_offline():
    """INHERIT replaces plugin lists: mkdocs.offline.yml must not drift."""
    main = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    offline = yaml.safe_load((ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"))
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["use_directory_urls"] is False
    assert offline["plugins"] == main["plugins"] + ["offline"], (
        "copy mkdocs.yml's plugins list into mkdocs.offline.yml, then add `offline`")


def test_vendored_iframe_worker_shim_is_the_published_one():
    folder = ROOT / "overrides" / "assets" / "javascripts" / "iframe-worker"
    digest = hashlib.sha256((folder / "shim.js").read_bytes()).hexdigest()
    assert digest == "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
    assert "MIT" in (folder / "README.md").read_text(encoding="utf-8")
    assert "Martin Donath" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_bundle_pages_use_relative_links_and_the_local_shim(builds: Builds, tmp_path):
    with zipfile.ZipFile(builds.zip("example-council")) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / "example-council-fileshare"
    assert (root / "index.html").is_file()
    assert (root / "search" / "search_index.js").is_file()
    page = Page(root / "law" / "scotland.html")
    assert page.xpath('//script[@src="../assets/javascripts/iframe-worker/shim.js"]')
    assert not page.xpath('//script[contains(@src, "//")]')
    assert page.xpath('//a[@href="../contacts.html"]')


# --------------------------------------------------------------------------
# In a real browser, from file://
# --------------------------------------------------------------------------


@pytest.mark.browser
def test_bundle_works_from_file_urls_in_chromium(builds: Builds, tmp_path, chromium):
    with zipfile.ZipFile(builds.zip("example-school-group")) as archive:
        archive.extractall(tmp_path / "share")
    root = (tmp_path / "share" / "example-school-group-fileshare").resolve()
    inside = root.as_uri() + "/"
    requests: list[str] = []

    context = chromium.new_context()
    try:
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(inside + "index.html")

        # Navigation: the nav's links open the right files.
        page.locator("nav.md-nav--primary a", has_text="Contacts").first.click()
        page.wait_for_url(inside + "contacts.html")
        assert page.title().startswith("Contacts")
        assert "Morven Example" in page.locator("article").inner_text()
        page.goto(inside + "law/scotland.html")
        page.locator("nav.md-nav--primary a", has_text="Found something?").first.click()
        page.wait_for_url(inside + "index.html")

        # Search: the index is read from search_index.js by the shimmed worker.
        query = page.locator("input[data-md-component=search-query]")
        results = page.locator(".md-search-result__item")
        for _attempt in range(3):  # the worker may still be loading the index
            query.click()
            query.fill("")
            query.type("contacts", delay=30)
            try:
                results.first.wait_for(timeout=5000)
                break
            except Exception:  # noqa: BLE001 - retried, then asserted below
                page.keyboard.press("Escape")
        assert results.count() > 0, "search returned no results from file://"
        results.first.locator("a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith(inside)
    finally:
        context.close()

    local = {url.split("?")[0] for url in requests}
    assert inside + "assets/javascripts/iframe-worker/shim.js" in local
    assert inside + "search/search_index.js" in local
    outside = [url for url in requests
               if urlparse(url).scheme != "file" or not url.startswith(inside)]
    assert outside == [], f"requests left the bundle: {outside}"



# --------------------------------------------------------------------------
# What build-all builds
# --------------------------------------------------------------------------


def _build_all_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_all", ROOT / "scripts" / "build_all.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_all"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_build_all_builds_the_demonstration_and_every_profile_site_and_bundle(tmp_path):
    build_all = _build_all_module()
    profiles = build_all.default_profiles()
    assert profiles[0] == ROOT / "organisation.yml"
    assert set(profiles[1:]) == set((ROOT / "profiles").glob("*.yml"))
    jobs = build_all.plan(profiles, tmp_path, bundle=True)
    assert {(job.name, job.kind) for job in jobs} == {
        (path.stem, kind) for path in profiles for kind in ("site", "bundle")}
    council = [job for job in jobs if job.name == "example-council"]
    assert {job.output for job in council} == {
        tmp_path / "example-council" / "site",
        tmp_path / "example-council" / "example-council-fileshare.zip"}


def test_build_all_refuses_two_profiles_with_one_output_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "example-council.yml").write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match="Two profiles would build into"):
        _build_all_module().plan([COUNCIL, tmp_path / "a" / "example-council.yml"],
                                 tmp_path / "out", bundle=False)


def test_bundle_search_carries_the_vocabulary_and_descriptions(builds: Builds):
    """The file share searches what the served site searches (same keywords field)."""
    with zipfile.ZipFile(builds.zip("example-council")) as archive:
        script = archive.read("example-council-fileshare/search/search_index.js").decode("utf-8")
    index = json.loads(script.removeprefix("var __index = "))
    assert index["config"]["fields"]["keywords"]["boost"] > 1
    entries = {doc["location"]: doc for doc in index["docs"]}
    assert "sextortion" in entries["what-to-do/young-persons-own-image.html"]["keywords"]
    assert "IIOC" in entries["terminology.html"]["keywords"]
