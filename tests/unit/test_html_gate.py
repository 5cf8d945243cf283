"""The markup and link gate on built HTML and shipped CSS, in process: each
attack planted in a copy of a real page shape, each refusal one phrase."""

from __future__ import annotations

import pytest

from macros.build.html_gate import (
    css_problems,
    document_address_problems,
    inline_script_hashes,
    is_own_script,
    page_problems,
    scheme,
)

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>
</head><body><article>{body}</article>
<script id="__config" type="application/json">{"base": "../.."}</script>
<script src="../../assets/javascripts/bundle.js"></script></body></html>"""


def page_with(body: str) -> str:
    return PAGE.replace("{body}", body)


def test_a_clean_page_passes():
    assert page_problems(page_with('<p>Call <a href="tel:+442079460123">020</a></p>'
                                          '<a href="../contacts/">Contacts</a>')) == []


@pytest.mark.parametrize("body, expected", [
    ("<script>window.pwned=1</script>", "a <script> that is not one of the site's own ('window.pwned=1')"),
    ('<img src="x.png" onerror="window.pwned=1">', "an event-handler attribute onerror= on <img>"),
    ('<p onclick="window.pwned=1">x</p>', "an event-handler attribute onclick= on <p>"),
    ('<a href="javascript:window.pwned=1">x</a>', "a javascript: address in href= on <a>"),
    ('<a href="java\tscript:window.pwned=1">x</a>', "a javascript: address in href= on <a>"),
    ('<a href=" JAVASCRIPT:window.pwned=1">x</a>', "a javascript: address in href= on <a>"),
    ('<iframe src="data:text/html,<b>x</b>"></iframe>', "a data: address in src= on <iframe>"),
    ('<a href="file:///etc/hostname">x</a>', "a file: address in href= on <a>"),
    ('<img srcset="file:///etc/hostname 1x">', "a file: address in srcset= on <img>"),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">',
     '<meta http-equiv="refresh"> (to https://example.org/)'),
    ('<a href="../" ping="https://example.org/track">x</a>', "a ping= attribute on <a>"),
    ('<svg><a href="https://example.org/"><text>x</text></a></svg>', "a link inside an SVG image"),
    ('<svg><a xlink:href="https://example.org/"><text>x</text></a></svg>', "a link inside an SVG image"),
    ('<p style="background:url(https://example.org/t.png)">x</p>', "an inline style with url() on <p>"),
    ("<style>@import 'https://example.org/x.css';</style>", "a <style> element with url() or @import"),
    ('<base href="https://example.org/">', "a <base> element"),
    ('<iframe srcdoc="&lt;script&gt;window.pwned=1&lt;/script&gt;"></iframe>', "a srcdoc= attribute on <iframe>"),
    ('<form action="javascript:window.pwned=1"></form>', "a javascript: address in action= on <form>"),
])
def test_each_attack_is_refused_with_one_phrase(body, expected):
    problems = page_problems(page_with(body))
    assert expected in problems, problems


def test_a_redirect_stub_may_refresh_only_to_a_page_of_this_site():
    stub = '<html><head><meta http-equiv="refresh" content="0; url=../"></head></html>'
    assert page_problems(stub, redirect_stub=True) == []
    assert page_problems(stub) != []
    offsite = stub.replace("url=../", "url=https://example.org/")
    assert page_problems(offsite, redirect_stub=True) != []


def test_own_scripts_are_recognised_only_with_a_relative_base():
    base = PAGE.split("<script>")[1].split("</script>")[0]
    assert is_own_script(base)
    assert not is_own_script(base.replace('"../.."', '"https://example.org/"'))
    assert not is_own_script(base + ";window.pwned=1")
    own, others = inline_script_hashes(page_with("<script>window.pwned=1</script>"))
    assert len(own) == 1 and others == ["window.pwned=1"]


def test_scheme_reads_addresses_as_a_browser_does():
    assert scheme("\njava\tscript:x") == "javascript"
    assert scheme("../contacts/") is None
    assert scheme("tel:+44") == "tel"


@pytest.mark.parametrize("css, expected", [
    ("@import url('other.css');", "@import"),
    ("a{background:url(https://example.org/t.png)}", "url(https://example.org/t.png) leaves the site"),
    ("a{background:url('//example.org/t.png')}", "url(//example.org/t.png) leaves the site"),
    ("a{background:url(file:///etc/hostname)}", "url(file:///etc/hostname) leaves the site"),
    ("a{background:url(data:text/html,x)}", "url(data:text/html,x) leaves the site"),
])
def test_shipped_css_may_not_import_or_leave_the_site(css, expected):
    assert expected in css_problems(css)


def test_material_style_css_passes():
    assert css_problems('.md-icon{mask-image:url("data:image/svg+xml;charset=utf-8,<svg/>")}'
                        "@font-face{src:url(../fonts/x.woff2)}") == []


@pytest.mark.parametrize("html, expected", [
    ('<p><img src="/etc/hostname"></p>', "<img /etc/hostname> cannot go into a document"),
    ('<p><img src="file:///etc/hostname"></p>', "<img file:///etc/hostname> cannot go into a document"),
    ('<p><a href="javascript:window.pwned=1">x</a></p>', "the address 'javascript:window.pwned=1'"),
    ('<p><a href="file:///etc/hostname">x</a></p>', "the address 'file:///etc/hostname'"),
    ('<p><a href="/etc/hostname">x</a></p>', "the address '/etc/hostname'"),
])
def test_nothing_local_reaches_a_policy_document(html, expected):
    import lxml.html

    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    problems = document_address_problems(fragment)
    assert any(expected in problem for problem in problems), problems


def test_policy_links_and_text_reach_documents():
    import lxml.html

    fragment = lxml.html.fragment_fromstring(
        '<h1>Policy</h1><p><a href="https://www.iwf.org.uk/">IWF</a> <a href="../x/">x</a>'
        ' <a href="tel:+442079460123">t</a> <a href="#s">s</a></p>', create_parent="div")
    assert document_address_problems(fragment) == []


def test_one_build_names_each_page_the_stubs_and_the_css(tmp_path):
    from macros.build.html_gate import GateBuild

    build = GateBuild()
    build.start()
    build.page(page_with('<a href="../">fine</a>'), "a/index.html", "a.md")
    build.page(page_with('<p onclick="window.pwned=1">x</p>'), "b/index.html", "b.md")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page_with("<script>window.pwned=1</script>"))
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=https://example.org/"></head></html>')
    (tmp_path / "site.css").write_text("@import 'https://example.org/x.css';")
    # a/index.html was checked as a page: its file is not read again.
    assert build.finish(tmp_path, bundle=False) == [
        "docs/b.md: an event-handler attribute onclick= on <p>",
        'old/index.html: <meta http-equiv="refresh"> (to https://example.org/)',
        "site.css: @import",
    ]
    build.start()  # a new build forgets the pages: a/index.html is read as a file
    assert "a/index.html: a <script> that is not one of the site's own ('window.pwned=1')" in \
        build.finish(tmp_path, bundle=False)
