"""External links: every external domain must be on an allowlist.

An MkDocs hook (registered under `hooks:` in mkdocs.yml). The allowlist is
data/external-links.yml: each entry a domain and a reason. A link covers the
domain and its subdomains (`iwf.org.uk` allows `www.iwf.org.uk`). The
organisation's own intranet (organisation.intranet_url in the profile) is
allowed too. Every page's finished HTML is read; any link, script, image or
form to another domain stops the build with one line per link naming the page
and the address.

The plain functions at the top are used by tests and
scripts/external_links.py (the online check).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


ALLOWLIST = Path("data") / "external-links.yml"
# Attributes that point somewhere; href/src/action cover links, scripts,
# images, frames and forms.
URL_ATTRIBUTES = ("href", "src", "action", "data", "poster", "cite", "formaction")


class AllowlistError(ValueError):
    """The allowlist file is missing or malformed (one line: file and key)."""


def load_allowlist(path: Path) -> dict[str, str]:
    """{domain: reason} from the allowlist file; one-line errors."""
    import sys

    project = str(Path(__file__).resolve().parents[1])
    if project not in sys.path:
        sys.path.insert(0, project)
    from macros.datafiles import DataFileError, read_yaml

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
    import lxml.html

    if not html.strip():
        return []
    urls, srcsets = _attribute_values(lxml.html.fromstring(html))
    for srcset in srcsets:
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    # Only a value with a scheme or a leading // or \\ can leave the site;
    # the rest are relative links, the bulk of every page.
    return [url.strip() for url in urls
            if url and (":" in url or url.lstrip()[:1] in ("/", "\\")) and external_host(url)]


def disallowed_links(html: str, allowed: dict[str, str] | set[str]) -> list[str]:
    return [url for url in external_urls(html)
            if not allowed_domain(external_host(url) or "?", allowed)]


def intranet_domain(project_dir: Path) -> str | None:
    """The organisation's own intranet host from the profile in use, if it has one."""
    import sys

    if str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))
    from macros.datafiles import DataFileError, read_yaml
    from macros.profile import profile_path

    try:
        profile = read_yaml(profile_path(project_dir))
        url = profile["organisation"]["intranet_url"]
    except (DataFileError, KeyError, TypeError):  # the macros report a bad profile
        return None
    return external_host(str(url)) if url else None


def edit_link_problems(project_dir: Path, allowed: dict[str, str] | set[str]) -> list[str]:
    """The profile's site.edit_uri on a domain not on the allowlist: named by
    profile key, before any page is built (each page would carry the link)."""
    from macros.datafiles import DataFileError, read_yaml
    from macros.profile import profile_path

    path = profile_path(project_dir)
    try:
        url = read_yaml(path)["site"]["edit_uri"]
    except (DataFileError, KeyError, TypeError):  # absent, or the macros report it
        return []
    host = external_host(str(url)) if isinstance(url, str) else None
    if not host or allowed_domain(host, allowed):
        return []
    return [f"Organisation profile {path}: site.edit_uri: domain {host} is not on the "
            f"allowlist in {ALLOWLIST.as_posix()} (add it there with a reason)"]


def offsite_redirect_problems(maps: dict, allowed: dict[str, str] | set[str],
                      config_name: str = "mkdocs.yml") -> list[str]:
    """A redirect (mkdocs-redirects) to an external domain not on the allowlist."""
    return [f"{config_name}: plugins: redirects: redirect_maps: {old}: redirect to {new}: "
            f"domain {external_host(new)} is not on the allowlist in {ALLOWLIST.as_posix()}"
            for old, new in maps.items()
            if isinstance(new, str) and external_host(new)
            and not allowed_domain(external_host(new) or "?", allowed)]


# ── MkDocs events ─────────────────────────────────────────────────────────

_state: dict[str, Any] = {}


def on_config(config, **kwargs):
    from mkdocs.exceptions import PluginError

    project = Path(config["config_file_path"]).parent
    try:
        allowed = load_allowlist(project / ALLOWLIST)
    except AllowlistError as exc:
        raise PluginError(str(exc).replace(str(project) + os.sep, "")) from None
    own = intranet_domain(project)
    if own:
        allowed.setdefault(own, "the organisation's own intranet (profile)")
    # The site's own address: `mkdocs serve` sets site_url to the local
    # preview address (127.0.0.1), and pages link to it.
    site_host = external_host(config.get("site_url") or "")
    if site_host:
        allowed.setdefault(site_host, "this site's own address (site_url)")
    _state["allowed"] = allowed
    _state["problems"] = []
    # Redirect stubs are written after the pages are checked: check their targets here.
    plugin = config["plugins"].get("redirects")
    maps = (plugin.config.get("redirect_maps") or {}) if plugin is not None else {}
    problems = offsite_redirect_problems(maps, allowed, Path(config["config_file_path"]).name)
    problems += edit_link_problems(project, allowed)
    if problems:
        raise PluginError("\n".join(problems))
    return config


def on_post_page(output, page, config, **kwargs):
    for url in disallowed_links(output, _state["allowed"]):
        _state["problems"].append(
            f"docs/{page.file.src_uri}: external link to {url}: domain "
            f"{external_host(url)} is not on the allowlist in {ALLOWLIST.as_posix()}")
    return output


def on_post_build(config, **kwargs):
    from mkdocs.exceptions import PluginError

    problems = list(dict.fromkeys(_state["problems"]))
    if problems:
        raise PluginError("\n".join(problems))
