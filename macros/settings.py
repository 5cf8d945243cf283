"""The environment variables the build reads, in one place.

- REVIEW_TODAY=YYYY-MM-DD: pretend today is another day (tests, "what if");
- RELEASE=1: refuse any page overdue for review;
- SITE_BUILD_LOG=path: each build adds a line to this file
  (benchmarks/suite_time.py counts the builds of a test run with it);
- SITE_CACHE_DIR=path: where documents made by earlier builds are kept
  (default: $XDG_CACHE_HOME/csam-at-work, else ~/.cache/csam-at-work).
  Never inside the project: a file there can come with a pull request, and
  a cached document is published as it is.

ORG_PROFILE (the profile to build) is read by macros.profile.profile_path.

Read when a build starts (`current()`), so `make serve` and the tests can
change them between builds.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

TODAY_ENV_VAR = "REVIEW_TODAY"
RELEASE_ENV_VAR = "RELEASE"
BUILD_LOG_ENV_VAR = "SITE_BUILD_LOG"
CACHE_ENV_VAR = "SITE_CACHE_DIR"


class SettingsError(ValueError):
    """An environment variable with a value the build cannot use (one line)."""


@dataclass(frozen=True)
class Settings:
    today_override: str  # REVIEW_TODAY as given ("" when unset)
    release: bool
    build_log: str  # SITE_BUILD_LOG ("" when unset)
    cache_dir: Path  # SITE_CACHE_DIR, else the user's cache folder

    def today(self) -> dt.date:
        """Today, or REVIEW_TODAY when set."""
        value = self.today_override.strip()
        if not value:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SettingsError(
                f"{TODAY_ENV_VAR}: not a date in the form YYYY-MM-DD: {value!r}") from None


def current() -> Settings:
    return Settings(
        today_override=os.environ.get(TODAY_ENV_VAR, ""),
        release=os.environ.get(RELEASE_ENV_VAR) == "1",
        build_log=os.environ.get(BUILD_LOG_ENV_VAR, ""),
        cache_dir=_cache_dir(),
    )


def _cache_dir() -> Path:
    given = os.environ.get(CACHE_ENV_VAR, "").strip()
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "csam-at-work"
