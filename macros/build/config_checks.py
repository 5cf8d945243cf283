"""Mistakes in the parts of mkdocs.yml editors change (nav, redirects).

MkDocs and mkdocs-redirects let some of these pass silently or fail with a
traceback; here each stops the build with one line naming the file and key:

- a key given twice in mkdocs.yml (or a file it INHERITs): YAML keeps the
  last one silently, so a second `found-something.md:` redirect line, say,
  would quietly replace the first;
- a redirect with an empty or non-text old or new address (mkdocs-redirects
  fails with a traceback after the whole site is built);
- a redirect from a page that exists: mkdocs-redirects silently writes the
  redirect over that page, so the page disappears from the site;
- HTML or Jinja in a nav title: the theme writes titles into every page as
  they are.

External redirect targets are checked against the allowlist by
macros/build/external_links.py. hooks/config_checks.py runs these checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..datafiles import refuse_repeated_keys
from ..text import has_markup

CONFIG_NAME = "mkdocs.yml"


@refuse_repeated_keys
class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml only to find repeated keys: any tag is accepted."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def repeated_keys(path: Path) -> list[str]:
    """'file: line N: key 'x' appears twice' for the config and the files it inherits."""
    problems, seen = [], set()
    while path not in seen and path.is_file():
        seen.add(path)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
        except yaml.MarkedYAMLError as exc:
            if "appears twice" not in str(exc.problem):
                return problems  # MkDocs reports other YAML errors itself
            problems.append(f"{path.name}: line {exc.problem_mark.line + 1}: {exc.problem}")
            return problems
        except (yaml.YAMLError, UnicodeDecodeError):
            return problems
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            break
        path = (path.parent / parent).resolve()
    return problems


def redirect_problems(maps: dict[Any, Any], pages: set[str] | None = None,
                      config_name: str = CONFIG_NAME) -> list[str]:
    """One line for each redirect mkdocs-redirects would get wrong.

    `maps` is redirect_maps (old page: new page or address); `pages` the
    site's pages (paths under docs/), when known.
    """
    where = f"{config_name}: plugins: redirects: redirect_maps"
    problems = []
    for old, new in maps.items():
        if not isinstance(old, str) or not old.strip().endswith(".md"):
            problems.append(f"{where}: {old!r}: the old address must be a page path "
                            "ending in .md, e.g. found-something.md")
        elif not isinstance(new, str) or not new.strip():
            problems.append(f"{where}: {old}: no new address (give the page it moved to, "
                            "e.g. index.md)")
        elif pages is not None and old.strip().lstrip("/") in pages:
            problems.append(f"{where}: {old}: this page exists; a redirect would replace it "
                            "(delete the page, or remove the redirect)")
    return problems


def nav_title_problems(nav: Any, config_name: str = CONFIG_NAME) -> list[str]:
    """A nav title is text: the theme writes it into every page as it is."""
    problems = []
    items = nav if isinstance(nav, list) else []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(title, str) and has_markup(title):
                    problems.append(f"{config_name}: nav: {title!r}: a title must be plain text, "
                                    "without < > {{ or {%")
                problems += nav_title_problems(value, config_name)
    return problems


def redirect_maps(config) -> dict[Any, Any]:
    """mkdocs-redirects' redirect_maps in a loaded MkDocs configuration ({} without the plugin)."""
    plugin = config["plugins"].get("redirects")
    return (plugin.config.get("redirect_maps") or {}) if plugin is not None else {}


def config_problems(config) -> list[str]:
    """Every problem in the loaded configuration that needs no page list."""
    path = Path(config["config_file_path"])
    return (repeated_keys(path) + redirect_problems(redirect_maps(config), config_name=path.name)
            + nav_title_problems(config["nav"], path.name))
