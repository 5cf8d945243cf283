"""Profile tools for editors.

    python -m macros.profile_cli check [PROFILE]   list every problem, exit 1 if any
    python -m macros.profile_cli schema            print the profile's JSON Schema
    python -m macros.profile_cli services-schema   print data/services.yml's JSON Schema
    python -m macros.profile_cli legislation-schema   print data/legislation.yml's JSON Schema
"""

from __future__ import annotations

import json
import sys

from .profile import DEFAULT_PROFILE, ProfileError, load_profile, profile_json_schema


def check(path: str) -> int:
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"check", "schema", "services-schema", "legislation-schema"}:
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
    if argv[0] == "schema":
        print(json.dumps(profile_json_schema(), indent=2, ensure_ascii=False))
        return 0
    return check(argv[1] if len(argv) > 1 else DEFAULT_PROFILE)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
