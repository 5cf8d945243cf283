"""The file-share bundle's own Content-Security-Policy, in process (the
browser proof is tests/test_multi_org.py::test_planted_script_does_not_run_from_the_bundle)."""

from __future__ import annotations

from macros.build.bundle_csp import page_policy, shim_frame_script, with_policy
from macros.build.html_gate import script_hash
from tests.browser_harness import csp_directives
from tests.sitebuild import ROOT

SHIM = (ROOT / "overrides" / "assets" / "javascripts" / "iframe-worker" / "shim.js").read_text(
    encoding="utf-8")
OWN = ('<script>var target=document.getElementById(location.hash.slice(1));target&&target.name'
       '&&(target.checked=target.name.startsWith("__tabbed_"))</script>')
PAGE = ('<!doctype html><html><head>\n<meta charset="utf-8"><title>T</title>' + OWN +
        '</head><body><script id="__config" type="application/json">'
        '{"search": "../assets/javascripts/workers/search.js"}</script>'
        "<script>window.pwned=1</script></body></html>")


def test_the_policy_allows_only_the_bundles_own_files_and_scripts():
    policy = csp_directives(page_policy(PAGE, SHIM))
    assert policy["default-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    for sources in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "file:", "http:", "https:"} & set(sources)
    hashes = {s for s in policy["script-src"] if s.startswith("'sha256-")}
    frame = shim_frame_script(SHIM, "../assets/javascripts/workers/search.js")
    own = OWN.removeprefix("<script>").removesuffix("</script>")
    # Exactly the page's own script and the shim's frame script: not the planted one.
    assert hashes == {script_hash(own), script_hash(frame)}
    assert script_hash("window.pwned=1") not in hashes


def test_the_shim_frame_script_is_what_the_shim_writes():
    frame = shim_frame_script(SHIM, "w.js")
    assert frame.startswith('postMessage=function c(s,n){parent.postMessage(s,n||"*")};')
    assert 'filename:"w.js"' in frame
    # The same text the shim's template literal produces, piece by piece.
    assert "importScripts=function d(...s){return s.reduce(" in frame


def test_the_meta_comes_first_in_head_after_the_charset():
    html = with_policy(PAGE, "default-src 'none'")
    head = html.split("<head>")[1]
    assert head.lstrip().startswith('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert head.index("Content-Security-Policy") < head.index("<script>")
