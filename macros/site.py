"""The site's data, loaded and cross-checked once: `load_site(project_dir)`.

Every data file (the organisation profile, data/*.yml) is read once and
validated by its model; each file's references to another (a route citing a
source, a policy law point citing legislation) are checked as it loads. The
result is one frozen `Site`. The page macros (macros/__init__.py), every
build step (macros/build/, through hooks/), every script and the tests take
their data from it.

`load_site()` remembers the last Site per project and returns it while no
input file has changed (same path, modification time and size), so a build
loads the data once however many steps ask, and `make serve` reloads it
after an edit. A problem is a `DataFileError`: one line naming file and key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .content_rules import Checker, ContentRules, load_rules
from .law import LegislationData, load_legislation
from .nations import NationBook, load_nations
from .policies import PolicyLaw, load_policy_law
from .profile import Profile, load_profile, profile_path
from .routing import RouteBook, load_routes
from .services import ServiceDirectory, load_services
from .sources import SourceList, load_sources

DATA_DIR = "data"


@dataclass(frozen=True)
class Site:
    """Everything the pages and build steps know, validated."""

    project_dir: Path
    profile_file: Path
    profile: Profile
    services: ServiceDirectory
    legislation: LegislationData
    sources: SourceList
    routes: RouteBook
    policy_law: PolicyLaw
    nations: NationBook

    # Loaded on first use (still once per Site): only the build steps that
    # need them ask, and a fixture site without those pages never does.
    @cached_property
    def triage(self):
        """The triage (data/triage.yml), checked against the routes."""
        from .triage import load_triage

        return load_triage(self.project_dir, self.routes)

    @cached_property
    def triage_pages(self) -> dict[str, str]:
        """The triage pages, {path under docs/: Markdown} (data/triage.yml)."""
        from .triage import render_pages

        return render_pages(self.triage, self.routes)

    @cached_property
    def content_rules(self) -> ContentRules:
        """The content rules (data/content-rules.yml)."""
        return load_rules(self.project_dir)

    @cached_property
    def search_vocabulary(self):
        """The search vocabulary (data/search-vocabulary.yml), checked against the
        content rules' rejected terms."""
        from .search_vocabulary import load_vocabulary

        return load_vocabulary(self.project_dir, self.content_rules)

    @cached_property
    def content_checker(self) -> Checker:
        """The content rules, compiled."""
        from .routing import fitted_never_do

        return Checker(self.content_rules,
                       {key: tuple(fitted_never_do(route)) for key, route in self.routes.routes.items()})

    @cached_property
    def allowlist(self) -> dict[str, str]:
        """{domain: reason}: the external-link allowlist and the organisation's
        own intranet. Raises AllowlistError (one line) for a bad file."""
        from .build.external_links import ALLOWLIST, external_host, load_allowlist

        allowed = load_allowlist(self.project_dir / ALLOWLIST)
        own = external_host(str(self.profile.organisation.intranet_url or ""))
        if own:
            allowed.setdefault(own, "the organisation's own intranet (profile)")
        return allowed


def _inputs(project_dir: Path, profile_file: Path) -> tuple[Any, ...]:
    """Which files the Site is made from, and their versions."""
    files = [profile_file, *sorted((project_dir / DATA_DIR).glob("*.yml"))]
    versions = []
    for path in files:
        try:
            info = path.stat()
            versions.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            versions.append((str(path), None, None))
    return tuple(versions)


_loaded: dict[Path, tuple[tuple[Any, ...], Site]] = {}


def load_site(project_dir: Path | str) -> Site:
    """The project's Site: loaded once, again only after an input file changed."""
    project_dir = Path(project_dir).resolve()
    profile_file = profile_path(project_dir)
    key = _inputs(project_dir, profile_file)
    known = _loaded.get(project_dir)
    if known is not None and known[0] == key:
        return known[1]
    profile = load_profile(profile_file)
    services = load_services(project_dir)
    legislation = load_legislation(project_dir)
    sources = load_sources(project_dir, services)
    site = Site(
        project_dir=project_dir,
        profile_file=profile_file,
        profile=profile,
        services=services,
        legislation=legislation,
        sources=sources,
        routes=load_routes(project_dir, services, sources),
        policy_law=load_policy_law(project_dir, sources, services),
        nations=load_nations(project_dir, services, sources),
    )
    _loaded[project_dir] = (key, site)
    return site
