"""Fixture sites that hold several mistakes each: one build per failure family.

A build step reports every problem it finds before the build stops, but a
step that stops the build also stops the steps after it. So each family
holds the mistakes that one step catches (front matter, page templates,
safety content, links), and the tests of a family, in whatever module they
live, read the output of the family's one build (tests/conftest.py,
family_build). One more family holds pages and a profile that must build.

Each page is named after the mistake it carries, so each test's expected
line names its own page; no page of a family may be named in another test's
line (the start page, index.md, is clean in every family).
"""

from __future__ import annotations

from pathlib import Path

from macros.content_rules import load_rules
from tests.sitebuild import ROOT, make_fixture_site, page_front_matter

START = page_front_matter() + "# Start\n"
INCIDENT = page_front_matter("Incident").replace("page_type: guidance", "page_type: incident")
# An environment value no page may print (the page templates family).
SECRET = "harden-canary-7f3a"
SECRET_VARIABLE = "HARDEN_CANARY"


def _extra_front_matter(extra: str) -> str:
    return page_front_matter().replace("page_type: guidance\n", f"page_type: guidance\n{extra}\n") + "# T\n"


# ── Front matter: the review step checks every page before it stops ────────

FRONT_MATTER = {
    "index.md": START,
    # tests/failures/test_editor_mistakes.py (and latin1.md, written as bytes below)
    "twice.md": page_front_matter().replace("owner:", "owner: x\nowner:") + "# T\n",
    "date.md": page_front_matter().replace("2026-11-01", "2026-11-31") + "# D\n",
    "title.md": page_front_matter("<b>Bold</b> title") + "# B\n",
    # tests/site/test_review.py
    "bare.md": "# No front matter here\n",
    "colon.md": page_front_matter().replace("description: A fixture page used by the tests.",
                                            "description: Plain English: short.") + "# Colon\n",
    "law.md": page_front_matter().replace("page_type: guidance", "page_type: law") + "# The law\n",
    # tests/site/test_search_keywords.py
    "keywords.md": page_front_matter().replace(
        "description: A fixture page used by the tests.",
        "description: Who to tell: the safeguarding lead") + "# Test page\n",
    # tests/failures/test_hardening_builds.py
    "subtitle.md": _extra_front_matter('subtitle: "<img src=x onerror=window.pwned=1>"'),
    "contacts.md": _extra_front_matter("render_macros: false"),
    "template.md": _extra_front_matter("template: 404.html"),
    "hide.md": _extra_front_matter("hide: [navigation, toc]"),
    "edit.md": _extra_front_matter('edit_source: "javascript:window.pwned=1"'),
}
FRONT_MATTER_BYTES = {"latin1.md": START.encode() + b"Caf\xe9\n"}

# ── Page templates: the page gate reads every page before rendering ────────

PAGE_TEMPLATES = {
    "index.md": START,
    # tests/failures/test_build_failures.py
    "broken.md": page_front_matter() + "# Start\n\nCall {{ nominated_persn_phone }}.\n",
    "syntax.md": page_front_matter() + "Tell {{ contact_name('hr') }\n",
    # tests/failures/test_hardening_builds.py
    "config.md": page_front_matter() + "# C\n\nBuilt into {{ config.site_dir }}.\n",
    "env.md": page_front_matter() + "# E\n\n{{ environment }}\n",
    "python.md": page_front_matter() + "# P\n\n"
                 f"{{{{ cycler.__init__.__globals__.os.environ['{SECRET_VARIABLE}'] }}}}\n",
    "nounder.md": page_front_matter() + "# N\n\n{% set g = lipsum|attr('globals') %}{{ g }}\n",
    "plugin.md": page_front_matter() + "# M\n\n{{ macros_info() }}\n",
    "include.md": page_front_matter() + "# I\n\n{% include '../organisation.yml' %}\n",
    # tests/failures/test_adopter_messages.py
    "misspelt.md": page_front_matter() + "# Test page\n\nCall {{ contact_phon('hr') }}.\n",
}

# ── Safety content: the content rules read every page's HTML ───────────────

EMERGENCY = "{{ emergency_line() }}"
RULES = load_rules(ROOT)
SAFETY_CONTENT = {
    "index.md": START,
    # tests/failures/test_hardening_builds.py
    "hidden.md": INCIDENT + f"# H\n\n{EMERGENCY}\n\n<div hidden markdown>\n\n{{{{ never_do() }}}}\n\n</div>\n",
    "premium.md": INCIDENT + "# P\n\n{{ never_do() }}\n\n" + (
        '<p class="emergency"><strong>If a child is in immediate danger, call '
        '<a class="service-phone" href="tel:09098790999">999</a> now.</strong></p>\n'),
    "planted.md": INCIDENT + f"# N\n\n{EMERGENCY}\n\n{{{{ never_do() }}}}\n\n"
                  '<div class="never-do"><p>Forward the image to your manager.</p></div>\n',
    "disguised.md": page_front_matter() + "# D\n\nNever call it child p\u043ernography.\n",
    # tests/site/test_content_checks.py: one page per rule, and an incident page without either
    **{f"{rule.id}.md": page_front_matter() + f"# Test page\n\n{rule.example}\n"
       for rule in [*RULES.unsafe_instructions, *RULES.rejected_terms]},
    "incident.md": INCIDENT + "# Test page\n\nNothing here.\n",
}

# ── Links: mkdocs' own link check, then the external-link allowlist ────────

LINKS = {
    # tests/site/test_links.py: the start page links to a listed domain
    "index.md": START + "\n## Who to tell\n\nReport it to the [IWF](https://www.iwf.org.uk/report).\n",
    "other.md": page_front_matter() + "# Other\n\nSee [this site](https://unlisted.example.net/page).\n",
    # tests/failures/test_build_failures.py
    "anchor.md": page_front_matter() + "# Start\n\nSee [who to tell](index.md#who-to-tel).\n",
    "link.md": page_front_matter() + "# Start\n\nSee [contacts](contact.md).\n",
}

# ── Builds that must pass: hostile profile values, a real (not demonstration)
# profile, allowed safety wording, an overdue page and a page too hard to read
# (scripts/readability.py, not the build, refuses it) ─────────────────────────

HOSTILE = '<script>alert(1)</script> *bold* {{ 7*7 }}'


def good_profile() -> str:
    profile = (ROOT / "organisation.yml").read_text(encoding="utf-8")
    # tests/site/test_site.py: a real profile shows no demonstration banner
    profile = profile.replace("demonstration: true", "demonstration: false")
    # tests/failures/test_build_failures.py: profile values never become markup
    profile = profile.replace("name: People team", f"name: '{HOSTILE}'")
    return profile.replace("short_name: Example Trust", "short_name: '<b>Trust</b>'")


def _safe_wording() -> dict[str, str]:
    """tests/site/test_content_checks.py: never-do items, legal text and the terminology page."""
    do_not = "\n".join(f"- Do not {rule.example[0].lower()}{rule.example[1:]}"
                       for rule in RULES.unsafe_instructions)
    incident = (INCIDENT + "# Test page\n\n{{ emergency_line() }}\n\n{{ never_do() }}\n\n"
                + f'<div class="never-do" markdown>\n\n{do_not}\n\n</div>\n\n'
                + "\n\n".join(RULES.allowed_examples) + "\n")
    terms = (page_front_matter().replace("---\n\n", "allow_rejected_terms: true\n---\n\n", 1)
             + "# Test page\n\n" + " ".join(r.example for r in RULES.rejected_terms) + "\n")
    return {"incident.md": incident, "terminology.md": terms}


OVERDUE_PAGE = (page_front_matter("Old page").replace("last_reviewed: 2026-11-01",
                                                      "last_reviewed: 2020-01-15")
                + "# Old page\n\nThis page is old.\n")

# tests/site/test_editorial_lint.py: a staff page far above the reading grade limit
COMPLEX = (
    "Notwithstanding the considerable organisational implications associated with the "
    "identification of potentially indecent photographic representations, employees "
    "encountering such circumstances should immediately communicate comprehensive "
    "particulars to designated safeguarding representatives, who will subsequently "
    "determine appropriate investigative and administrative responsibilities in "
    "consultation with relevant constabulary authorities and regulatory organisations.\n"
)


GOOD = {
    # tests/failures/test_build_failures.py
    "index.md": page_front_matter() + "# Start\n\nTell {{ contact_name('nominated_person') }}.\n",
    "hostile.md": page_front_matter() + "{{ contact_card('hr') }}\n\nInline: {{ contact_name('hr') }}\n",
    **_safe_wording(),
    # tests/site/test_review.py
    "old.md": OVERDUE_PAGE,
    "complex.md": page_front_matter() + "# Start\n\n" + COMPLEX + "\n" + COMPLEX,
}

FAMILIES = {
    "front-matter": (FRONT_MATTER, FRONT_MATTER_BYTES, None),
    "page-templates": (PAGE_TEMPLATES, {}, None),
    "safety-content": (SAFETY_CONTENT, {}, None),
    "links": (LINKS, {}, None),
    "good": (GOOD, {}, good_profile),
}
# Environment each family's build runs with, beside the test run's own.
FAMILY_ENV = {"page-templates": {SECRET_VARIABLE: SECRET}}


def make_family_site(name: str, where: Path) -> Path:
    """The fixture site of family `name` under `where`; returns its mkdocs.yml."""
    pages, raw, profile = FAMILIES[name]
    config = make_fixture_site(where, pages, profile_text=profile() if profile else None)
    for page, data in raw.items():
        (where / "docs" / page).write_bytes(data)
    return config
