"""Many organisations from one repository, and the file-share bundle.

One run of `scripts/build_all.py` (the build_all_run fixture of
tests/conftest.py, shared with tests/failures/test_build_all.py) builds two
fictional profiles plus a third that is still to be filled in (and so must
fail), all in ONE worker process (the worker keeps Python, MkDocs and the
macros module loaded between builds) and under umask 077. Its output proves: no contact detail crosses
between organisations, even within one process; a failed profile's previous
site and zip stay as they were while the others build; every folder is 0755
and every file 0644, whatever the umask; and the file-share zip works from
file:// in Chromium.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from macros.profile import CONTACT_ROLES, load_profile, unfilled_keys
from macros.profile_cli import new_profile_text
from tests.conftest import BUILD_ALL_PROFILES, BuildAllRun
from tests.htmlpages import Page
from tests.leakscan import contact_details, find_details, scanned_files
from tests.sitebuild import ROOT, make_fixture_site, page_front_matter

EXAMPLES = ROOT / "profiles" / "examples"
SCHOOLS = EXAMPLES / "example-school-group.yml"
COUNCIL = EXAMPLES / "example-council.yml"


@pytest.fixture(scope="module")
def builds(build_all_run: BuildAllRun) -> BuildAllRun:
    """The run of build-all that every worker shares (tests/conftest.py)."""
    return build_all_run


# --------------------------------------------------------------------------
# Each organisation gets its own output, and only its own details
# --------------------------------------------------------------------------


def test_each_good_profile_builds_its_site_and_bundle(builds: BuildAllRun):
    for name, short in (("example-school-group", "Example Schools"),
                        ("example-council", "Example Council")):
        index = Page(builds.site(name) / "index.html")
        assert index.xpath("//title")[0].text.endswith(
            f"{short}: child sexual abuse images at work"), builds.output
        assert zipfile.is_zipfile(builds.zip(name)), builds.output
        assert f"ok    {name} site" in builds.output
        assert f"ok    {name} bundle" in builds.output


# The organisations the shared run builds (tests/conftest.py), by output name.
GOOD = tuple(BUILD_ALL_PROFILES)


@pytest.fixture(scope="module")
def scans(builds: BuildAllRun) -> dict[str, dict[str, list[str]]]:
    """Each good profile's whole output folder, scanned once for both profiles' details."""
    details = [detail for name in GOOD
               for detail in contact_details(load_profile(EXAMPLES / f"{name}.yml"), name)]
    return {name: find_details(builds.out / name, details) for name in GOOD}


@pytest.mark.parametrize("own, other", [GOOD, GOOD[::-1]])
def test_no_contact_detail_of_one_organisation_in_the_others_output(builds, scans, own, other):
    # The scanner must see each detail in the organisation's own output (site
    # pages, search index and inside its zip), or its silence below means nothing.
    for detail in contact_details(load_profile(EXAMPLES / f"{own}.yml"), own):
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


def _modes(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"folders": set(), "files": set()}
    for path in [folder, *folder.rglob("*")]:
        kind = "folders" if path.is_dir() else "files"
        found[kind].add(oct(path.stat().st_mode & 0o777))
    return found


def test_output_is_readable_by_a_web_server_whatever_the_umask(builds: BuildAllRun, tmp_path):
    """Built under umask 077: nginx (another user) must still read every file."""
    for name in GOOD:
        assert _modes(builds.site(name)) == {"folders": {"0o755"}, "files": {"0o644"}}, name
        assert oct(builds.zip(name).stat().st_mode & 0o777) == "0o644"
        assert oct((builds.out / name).stat().st_mode & 0o777) == "0o755"
        with zipfile.ZipFile(builds.zip(name)) as archive:
            modes = {(info.is_dir(), oct(info.external_attr >> 16 & 0o777))
                     for info in archive.infolist()}
        assert modes == {(True, "0o755"), (False, "0o644")}, name
    assert oct(builds.out.stat().st_mode & 0o777) == "0o755"


def test_bundle_documents_are_the_sites_documents_with_intranet_links(builds: BuildAllRun):
    """The file-share copy's .docx links to the intranet site's addresses
    (contacts/, not contacts.html), so it is the very document the site offers
    (and the bundle build reuses it instead of running pandoc again)."""
    site = builds.site("example-council")
    documents = sorted(site.rglob("*.docx"))
    assert documents
    with zipfile.ZipFile(builds.zip("example-council")) as archive:
        for document in documents:
            relative = document.relative_to(site).as_posix()
            candidates = [name for name in archive.namelist()
                          if name.endswith("/" + document.name)]
            assert candidates, relative
            assert archive.read(candidates[0]) == document.read_bytes(), relative
    import docx

    text = "\n".join(rel.target_ref for rel in docx.Document(str(documents[0])).part.rels.values()
                     if rel.is_external)
    assert "https://intranet.council.example.org/safeguarding/" in text
    assert ".html" not in text


def test_profiles_keep_their_own_nations_and_legal_systems():
    assert [n.value for n in load_profile(SCHOOLS).organisation.nations] == ["scotland"]
    council = load_profile(COUNCIL).organisation
    assert [n.value for n in council.nations] == ["england", "wales", "northern-ireland"]
    assert [j.value for j in council.jurisdictions] == ["england-and-wales", "northern-ireland"]


def test_example_profiles_are_fictional():
    """The demonstrations only: an adopter's own profiles/*.yml are real."""
    examples = [ROOT / "organisation.yml", *sorted(EXAMPLES.glob("*.yml"))]
    assert len(examples) >= 3
    for path in examples:
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


def test_failed_profile_is_reported_naming_every_unfilled_key(builds: BuildAllRun):
    assert builds.returncode == 1
    assert "FAIL  unfilled site" in builds.output
    assert "FAIL  unfilled bundle" in builds.output
    assert "Traceback" not in builds.output
    template = yaml.safe_load(new_profile_text(Path("x.yml"), ROOT / "organisation.yml"))
    keys = unfilled_keys(template)
    assert "contacts.hr.phone" in keys and len(keys) > 30
    for key in keys:
        assert f"{key}: still to fill in" in builds.output, key


def test_failed_profile_leaves_its_previous_site_and_zip_untouched(builds: BuildAllRun):
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


def test_bundle_pages_use_relative_links_and_the_local_shim(builds: BuildAllRun, tmp_path):
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
def test_bundle_works_from_file_urls_in_chromium(builds: BuildAllRun, tmp_path, chromium):
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



@pytest.mark.browser
def test_planted_script_does_not_run_from_the_bundle(builds: BuildAllRun, tmp_path, chromium):
    """Every page of the bundle carries its own Content-Security-Policy: a
    script planted in an unzipped page (after the build, past every gate)
    does not run from file://, while the page's own scripts and search do."""
    with zipfile.ZipFile(builds.zip("example-council")) as archive:
        archive.extractall(tmp_path / "share")
    root = (tmp_path / "share" / "example-council-fileshare").resolve()
    for page in root.rglob("*.html"):
        assert '<meta http-equiv="Content-Security-Policy"' in page.read_text(encoding="utf-8"), page
    contacts = root / "contacts.html"
    html = contacts.read_text(encoding="utf-8")
    planted = ('<script>window.pwned=1</script><img src="missing.png" onerror="window.pwned=2">'
               '<a id="planted" href="javascript:window.pwned=3">x</a>'
               '<iframe src="data:text/html,<script>parent.pwned=4</script>"></iframe>')
    contacts.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")

    context = chromium.new_context()
    try:
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(contacts.as_uri())
        page.click("#planted")
        page.wait_for_timeout(300)
        assert page.evaluate("window.pwned") is None, "a planted script ran from file://"
        assert violations, "the browser reported no blocked script"
        # The page's own scripts ran (Material's scope helper is defined).
        assert page.evaluate("typeof __md_get") == "function"
        violations.clear()
        page.goto((root / "law" / "scotland.html").as_uri())
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
        assert results.count() > 0, "search does not work under the bundle's policy"
        assert violations == [], violations
    finally:
        context.close()


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
    real = set((ROOT / "profiles").glob("*.yml"))
    assert set(profiles) == real | {ROOT / "organisation.yml"} | set(EXAMPLES.glob("*.yml"))
    assert set(build_all.default_profiles(examples=False)) == real
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


def test_bundle_search_carries_the_vocabulary_and_descriptions(builds: BuildAllRun):
    """The file share searches what the served site searches (same keywords field)."""
    with zipfile.ZipFile(builds.zip("example-council")) as archive:
        script = archive.read("example-council-fileshare/search/search_index.js").decode("utf-8")
    index = json.loads(script.removeprefix("var __index = "))
    assert index["config"]["fields"]["keywords"]["boost"] > 1
    entries = {doc["location"]: doc for doc in index["docs"]}
    assert "sextortion" in entries["what-to-do/young-persons-own-image.html"]["keywords"]
    assert "IIOC" in entries["terminology.html"]["keywords"]
