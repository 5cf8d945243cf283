"""External links: every external domain must be on an allowlist.

The allowlist is
data/external-links.yml: each entry a domain and a reason. A link covers the
domain and its subdomains (`iwf.org.uk` allows `www.iwf.org.uk`). The
organisation's own intranet (organisation.intranet_url in the profile) is
allowed too. Every page's finished HTML is read; any link, script, image or
form to another domain stops the build with one line per link naming the page
and the address.

hooks/external_links.py runs the check on every page of a build;
scripts/external_links.py (the online check) and the tests call these
functions directly.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..datafiles import DataFileError, read_yaml

ALLOWLIST = Path("data") / "external-links.yml"
# Attributes that point somewhere; href/src/action cover links, scripts,
# images, frames and forms.
URL_ATTRIBUTES = ("href", "src", "action", "data", "poster", "cite", "formaction")


class AllowlistError(ValueError):
    """The allowlist file is missing or malformed (one line: file and key)."""


def load_allowlist(path: Path) -> dict[str, str]:
    """{domain: reason} from the allowlist file; one-line errors."""
    try:  # unreadable, not UTF-8, invalid YAML (line and column), a key twice
        data = read_yaml(path)
    except DataFileError as exc:
        raise AllowlistError(f"{path}: {exc.problems[0]}") from None
    entries = data.get("domains") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise AllowlistError(f"{path}: domains: expected a list of entries with domain and reason")
    allowed: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{path}: domains[{index}]"
        if not isinstance(entry, dict):
            raise AllowlistError(f"{where}: expected domain and reason")
        domain, reason = entry.get("domain"), entry.get("reason")
        if not isinstance(domain, str) or not domain.strip() or "/" in domain or " " in domain.strip():
            raise AllowlistError(f"{where}.domain: expected a bare domain such as iwf.org.uk; "
                                 f"got {domain!r}")
        if not isinstance(reason, str) or len(reason.split()) < 3:
            raise AllowlistError(f"{where}.reason: every domain needs a reason (a short sentence)")
        domain = domain.strip().lower().removeprefix("www.")
        if domain in allowed:
            raise AllowlistError(f"{where}.domain: {domain} is listed twice")
        allowed[domain] = reason.strip()
    return allowed


def external_host(url: str) -> str | None:
    """The host of an external (http, https or protocol-relative) URL, else None."""
    # Browsers read a backslash as a slash in web addresses: \\host is //host.
    url = url.strip().replace("\\", "/")
    try:
        parts = urlsplit(url)
    except ValueError:
        return "?"
    if parts.scheme.lower() in ("http", "https", "ftp", "ws", "wss") or (
            not parts.scheme and url.startswith("//")):
        return (parts.hostname or "?").lower()
    return None


def allowed_domain(host: str, allowed: dict[str, str] | set[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in allowed)


_XPATHS: dict = {}


def _attribute_values(tree) -> tuple[list[str], list[str]]:
    """(URL attribute values, srcset values), read by XPath in C rather than
    by a Python walk of every element: the check reads each finished page."""
    import lxml.etree

    if not _XPATHS:
        _XPATHS["urls"] = lxml.etree.XPath(
            "|".join(f"//@{name}" for name in URL_ATTRIBUTES), smart_strings=False)
        _XPATHS["srcset"] = lxml.etree.XPath("//@srcset", smart_strings=False)
    return _XPATHS["urls"](tree), _XPATHS["srcset"](tree)


def external_urls(html: str) -> list[str]:
    """Every external URL an element of the page points to."""
    from .page_tree import document

    tree = document(html)
    if tree is None:
        return []
    urls, srcsets = _attribute_values(tree)
    for srcset in srcsets:
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    # Only a value with a scheme or a leading // or \\ can leave the site;
    # the rest are relative links, the bulk of every page.
    return [url.strip() for url in urls
            if url and (":" in url or url.lstrip()[:1] in ("/", "\\")) and external_host(url)]


def disallowed_links(html: str, allowed: dict[str, str] | set[str]) -> list[str]:
    return [url for url in external_urls(html)
            if not allowed_domain(external_host(url) or "?", allowed)]


def offsite_redirect_problems(maps: dict, allowed: dict[str, str] | set[str],
                              config_name: str = "mkdocs.yml") -> list[str]:
    """A redirect (mkdocs-redirects) to an external domain not on the allowlist."""
    return [f"{config_name}: plugins: redirects: redirect_maps: {old}: redirect to {new}: "
            f"domain {external_host(new)} is not on the allowlist in {ALLOWLIST.as_posix()}"
            for old, new in maps.items()
            if isinstance(new, str) and external_host(new)
            and not allowed_domain(external_host(new) or "?", allowed)]


def edit_link_problems(profile_file: Path | str, edit_uri: str | None,
                       allowed: dict[str, str] | set[str]) -> list[str]:
    """The profile's site.edit_uri on a domain not on the allowlist: named by
    profile key, before any page is built (each page would carry the link)."""
    host = external_host(edit_uri) if edit_uri else None
    if not host or allowed_domain(host, allowed):
        return []
    return [f"Organisation profile {profile_file}: site.edit_uri: domain {host} is not on the "
            f"allowlist in {ALLOWLIST.as_posix()} (add it there with a reason)"]


def site_allowlist(allowed: dict[str, str], site_url: str | None) -> dict[str, str]:
    """The allowlist plus the site's own address: `mkdocs serve` sets site_url
    to the local preview address (127.0.0.1), and pages link to it."""
    site_host = external_host(site_url or "")
    if not site_host:
        return allowed
    return {**allowed, site_host: allowed.get(site_host, "this site's own address (site_url)")}


def page_problems(html: str, page: str, allowed: dict[str, str] | set[str]) -> list[str]:
    """One line per link in a finished page to a domain not on the allowlist."""
    return [f"docs/{page}: external link to {url}: domain {external_host(url)} "
            f"is not on the allowlist in {ALLOWLIST.as_posix()}"
            for url in disallowed_links(html, allowed)]


class LinkBuild:
    """One build's link check: the allowlist read once, every finished page
    checked, every problem reported at the end."""

    def __init__(self) -> None:
        self.allowed: dict[str, str] = {}
        self.problems: list[str] = []

    def start(self, config) -> list[str]:
        """A new build from MkDocs' `config`: the problems found before any
        page is built (redirects and the edit link leaving the allowlist).
        AllowlistError (one line) for a bad allowlist or profile."""
        import os

        from ..datafiles import DataFileError
        from ..site import load_site
        from .config_checks import redirect_maps

        config_file = Path(config["config_file_path"])
        project = config_file.parent
        try:
            site = load_site(project)
            self.allowed = site_allowlist(site.allowlist, config.get("site_url"))
        except (AllowlistError, DataFileError) as exc:
            raise AllowlistError(str(exc).replace(str(project.resolve()) + os.sep, "")) from None
        self.problems = []
        # Redirect stubs are written after the pages are checked: check their targets here.
        return (offsite_redirect_problems(redirect_maps(config), self.allowed, config_file.name)
                + edit_link_problems(site.profile_file, site.profile.site.edit_uri, self.allowed))

    def page(self, html: str, page: str) -> None:
        self.problems += page_problems(html, page, self.allowed)

    def finish(self) -> list[str]:
        return list(dict.fromkeys(self.problems))
