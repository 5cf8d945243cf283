"""mkdocs-macros entry point: take the site's data from load_site(), register the macros.

Nothing else lives here; each concern has its own module.
"""

from __future__ import annotations

import re
from functools import partial

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import errors, policies
from .build import outside_files, page_gate, sentinel
from .contacts import CONTACT_MACROS
from .datafiles import DataFileError
from .first_screen import background_links, first_call, first_question, never_do_line
from .law import law_macros

# ── Nations: what differs between England, Wales, Scotland and NI ──────────
from .nations import nation_facts
from .references import page_sources
from .routing import DO_NOW_STEPS, ROUTING_MACROS, Routing
from .safety import emergency_line, never_do
from .search_vocabulary import page_titles, topics_a_to_z
from .services import SERVICE_MACROS
from .site import load_site
from .sources import cite


def define_env(env) -> None:
    sentinel.start(str(env.project_dir))
    errors.install(lambda: [*env.macros, *env.variables])
    plugin_macros = set(env.macros)  # mkdocs-macros' own: not for pages
    # ── Trusts no input: no symbolic link where pages, templates, data live ──
    links = outside_files.symlink_problems(
        env.project_dir, [env.conf["docs_dir"], env.conf["theme"].custom_dir, "data"])
    if links:
        raise PluginError("\n".join(links))
    try:
        site = load_site(env.project_dir)
        site.search_vocabulary  # noqa: B018 - load it now, so a bad file stops the build here
        triage = site.triage
    except DataFileError as exc:
        # PluginError: MkDocs prints the message on one line and exits non-zero.
        raise PluginError(str(exc)) from None
    profile, services, sources = site.profile, site.services, site.sources

    # Values the theme templates need (demonstration banner, site name).
    # Theme templates do not autoescape, so names go in pre-escaped as Markup:
    # printed as they are, and never escaped twice where a template adds `| e`.
    env.conf["extra"]["demonstration"] = profile.demonstration
    # The "not found" page (overrides/404.html) is not a Markdown page, so the
    # macros cannot fill it in: it prints this line as it is. Not named
    # emergency_line: engines that apply `extra` after the macros (Zensical)
    # would hide the emergency_line() macro behind it.
    env.conf["extra"]["emergency_line_html"] = Markup(emergency_line(services))
    env.conf["site_name"] = Markup.escape(
        f"{profile.organisation.short_name}: child sexual abuse images at work"
    )
    env.variables["profile_file"] = site.profile_file.name
    # `mkdocs serve` rebuilds when the profile in use changes (ORG_PROFILE too).
    watched = str(site.profile_file.resolve())
    if watched not in env.conf["watch"]:
        env.conf["watch"].append(watched)
    publish_settings(env.conf, profile)

    # ── Situations: actions, who to tell, citations ──
    current_page = lambda: env.page.file.src_uri  # noqa: E731 - the page being rendered
    routing = Routing(profile=profile, services=services, sources=sources, routes=site.routes,
                      nations=site.nations, current_page=current_page)
    for name, function in ROUTING_MACROS.items():
        env.macro(partial(function, routing), name)
    env.macro(partial(cite, sources, services), "cite")
    env.macro(partial(nation_facts, profile, site.nations, sources, services), "nation_facts")

    for name, function in CONTACT_MACROS.items():
        env.macro(partial(function, profile), name)
    for name, function in SERVICE_MACROS.items():
        env.macro(partial(function, services), name)
    # A service's sources are numbered references like every other citation.
    env.macro(partial(cite, sources, services), "service_source")
    env.macro(never_do, "never_do")
    env.macro(partial(emergency_line, services), "emergency_line")

    # ── Law pages: legislation and guidance links, jurisdiction highlighting ──
    for name, function in law_macros(site.legislation, profile, current_page).items():
        env.macro(function, name)

    # ── Policy templates: choice(), policy_header(), policy_law(), ... ──
    policies.register(env, profile, services, site.policy_law, sources)

    # ── Search: the A–Z of topics, from data/search-vocabulary.yml ──
    env.macro(partial(topics_a_to_z, site.search_vocabulary,
                      lambda: page_titles(env.variables["files"])), "topics_a_to_z")

    # ── The start page's first phone screen ──
    env.macro(never_do_line, "never_do_line")
    env.macro(partial(first_call, profile), "first_call")
    env.macro(partial(first_question, triage, current_page), "first_question")

    # A macro called with the wrong arguments is one line naming the page.
    errors.check_arguments(env.macros)

    # ── Trusts no input: pages call these macros and nothing else ──
    env.project_macros = frozenset(env.macros) - plugin_macros
    # Routes with a page of their own (a section each in what-happens-next.md).
    env.situations = frozenset(key for key, route in site.routes.routes.items() if route.page)


def publish_settings(conf, profile) -> None:
    """The profile's `site` settings, where MkDocs and the theme read them.

    - extra.edit_uri: the "Edit this page" link (overrides/main.html); none
      when the profile has no site.edit_uri.
    - site_url: only its path, the profile's site.base_path, and only when
      that is not "/". MkDocs uses it for the links of the not-found page, the
      one page served at any depth. Not for the file-share bundle (opened
      from file://), nor under `mkdocs serve`, which sets its own.
    """
    conf["extra"]["edit_uri"] = profile.site.edit_uri
    offline = "material/offline" in conf["plugins"] or "offline" in conf["plugins"]
    if profile.site.base_path != "/" and not offline and not conf.get("site_url"):
        conf["site_url"] = profile.site.base_path


# ── Policy templates: collect each page's choices into its header ──
def on_pre_page_macros(env) -> None:
    page_gate.check_page(env)
    policies.start_page(env)
    page_sources.clear()


def on_post_page_macros(env) -> None:
    policies.end_page(env)
    # Outcome pages (a situation's steps) keep to their steps; background and
    # the law are one link away.
    steps = DO_NOW_STEPS.search(env.markdown)
    if steps and env.page.file.src_uri != "index.md":
        situation = steps[1] if steps[1] in env.situations else None
        env.markdown += "\n\n" + background_links(env.page.file.src_uri, situation) + "\n"
    # Sources: the numbered references cited on this page, at its end.
    # A page with its own "## Sources" list (further reading) keeps it; the
    # numbered references then get a heading of their own.
    own = re.search(r"^##\s+Sources\s*$", env.markdown, re.M)
    section = page_sources.section("Sources cited on this page" if own else "Sources")
    if section:
        env.markdown += "\n\n" + section + "\n"
    page_sources.clear()


# ── Every build step ran (macros/build/sentinel.py) ──
def on_post_build(env) -> None:
    missing = sentinel.missing()
    if missing:
        raise PluginError("\n".join(missing))
