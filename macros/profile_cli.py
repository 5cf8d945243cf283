"""Profile tools for editors.

    python -m macros.profile_cli check [PROFILE ...]  list every problem of each profile,
                                                      exit 1 if any profile has one
    python -m macros.profile_cli new PROFILE          write a new profile, every
                                                      organisation-specific value marked
                                                      "TO FILL IN" (the build fails until
                                                      each one is filled in)
    python -m macros.profile_cli schema               print the profile's JSON Schema
    python -m macros.profile_cli services-schema      print data/services.yml's JSON Schema
    python -m macros.profile_cli legislation-schema   print data/legislation.yml's JSON Schema
    python -m macros.profile_cli nations-schema       print data/nations.yml's JSON Schema
    python -m macros.profile_cli page-schema          print the page front matter's JSON Schema
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .profile import (
    DEFAULT_PROFILE,
    UNFILLED_MARKER,
    ProfileError,
    load_profile,
    profile_json_schema,
)

PROJECT_DIR = Path(__file__).resolve().parents[1]


def check_one(path: str) -> int:
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        print(f"{exc.path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    kind = "demonstration profile" if profile.demonstration else "profile"
    print(f"{path}: valid {kind} for {profile.organisation.name}")
    return 0


def check(*paths: str) -> int:
    """Check every profile given (all of them, even after one fails)."""
    failed = [path for path in paths if check_one(path) != 0]
    if len(paths) > 1:
        if failed:
            print(f"{len(failed)} of {len(paths)} profile(s) have problems: "
                  f"{', '.join(failed)}", file=sys.stderr)
        else:
            print(f"All {len(paths)} profiles are valid.")
    return 1 if failed else 0


# --------------------------------------------------------------------------
# new: a profile to fill in
# --------------------------------------------------------------------------

# What to write after "TO FILL IN:" for each key. No digits and no "@", so a
# marker can never pass as a phone number or an email address.
_HINTS = {
    "organisation.name": "full name of the organisation",
    "organisation.short_name": "short name used in running text",
    "organisation.nations": "one of england, wales, scotland, northern-ireland",
    "organisation.intranet_url": "address of this site on your intranet",
    "name": "person or team name",
    "role_title": "job or role title",
    "phone": "phone number",
    "email": "email address",
    "hours": "when they can be reached, in plain words",
}

_NEW_HEADER = """\
# yaml-language-server: $schema={schema}
#
# Organisation profile for {name}, made with
#   python -m macros.profile_cli new {path}
#
# Replace every value that starts with "{marker}". The build fails, naming
# each key, until none is left. Check with:
#   python -m macros.profile_cli check {path}
# Build with it:
#   ORG_PROFILE={path} make build
# What each key means and what it accepts: schema/organisation.schema.json

"""


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as organisation.yml does (yamllint's default)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _mark(data: Any, key_path: str = "") -> Any:
    if isinstance(data, dict):
        return {key: _mark(value, f"{key_path}.{key}" if key_path else key)
                for key, value in data.items()}
    if isinstance(data, list):
        # A list (nations) becomes one entry to fill in.
        return [f"{UNFILLED_MARKER}: {_hint(key_path)}"]
    if isinstance(data, bool):
        return data
    return f"{UNFILLED_MARKER}: {_hint(key_path)}"


def _hint(key_path: str) -> str:
    return _HINTS.get(key_path) or _HINTS.get(key_path.rsplit(".", 1)[-1]) or (
        key_path.rsplit(".", 1)[-1].replace("_", " "))


def new_profile_text(target: Path, template: Path) -> str:
    """The text of a new profile: the template's keys, every value to fill in."""
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    marked = _mark({key: value for key, value in data.items() if key != "demonstration"})
    # A real organisation's profile: no demonstration banner once it is filled in.
    marked = {"demonstration": False, **marked}
    schema = Path(os.path.relpath(PROJECT_DIR / "schema" / "organisation.schema.json",
                                  target.resolve().parent)).as_posix()
    header = _NEW_HEADER.format(schema=schema, name=target.stem, path=target.as_posix(),
                                marker=UNFILLED_MARKER)
    return header + yaml.dump(marked, Dumper=_IndentedDumper, sort_keys=False,
                              allow_unicode=True, width=100)


def new(target_arg: str, template_arg: str = str(PROJECT_DIR / DEFAULT_PROFILE)) -> int:
    target = Path(target_arg)
    if target.suffix not in {".yml", ".yaml"}:
        print(f"{target}: a profile's file name must end in .yml", file=sys.stderr)
        return 1
    if target.exists():
        print(f"{target}: already exists; choose another name (nothing was written)",
              file=sys.stderr)
        return 1
    template = Path(template_arg)
    try:
        load_profile(template)  # never copy the shape of a broken template
    except ProfileError as exc:
        print(f"template {exc}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_profile_text(target, template), encoding="utf-8")
    print(f"{target}: written. Replace every value that starts with "
          f"{UNFILLED_MARKER!r}, then run: python -m macros.profile_cli check {target}")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"check", "new", "schema", "services-schema",
                                   "legislation-schema", "nations-schema", "page-schema"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "services-schema":
        from .services import services_json_schema

        print(json.dumps(services_json_schema(), indent=2, ensure_ascii=False))
        return 0
    # ── Law pages: data/legislation.yml schema (macros/law.py) ──
    if argv[0] == "legislation-schema":
        from .law import legislation_json_schema

        print(json.dumps(legislation_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if argv[0] == "nations-schema":
        from .nations import nations_json_schema

        print(json.dumps(nations_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if argv[0] == "page-schema":
        from .frontmatter import page_json_schema

        print(json.dumps(page_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if argv[0] == "schema":
        print(json.dumps(profile_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if argv[0] == "new":
        if len(argv) != 2:
            print("usage: python -m macros.profile_cli new profiles/NAME.yml", file=sys.stderr)
            return 2
        return new(argv[1])
    return check(*(argv[1:] or [DEFAULT_PROFILE]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
