"""The environment variables the build reads, in one place.

- ORG_PROFILE: the organisation profile to build (default organisation.yml);
- REVIEW_TODAY=YYYY-MM-DD: pretend today is another day (tests, "what if");
- RELEASE=1: refuse any page overdue for review.

Read when a build starts (`current()`), so `make serve` and the tests can
change them between builds.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

PROFILE_ENV_VAR = "ORG_PROFILE"
TODAY_ENV_VAR = "REVIEW_TODAY"
RELEASE_ENV_VAR = "RELEASE"


class SettingsError(ValueError):
    """An environment variable with a value the build cannot use (one line)."""


@dataclass(frozen=True)
class Settings:
    profile: str | None  # ORG_PROFILE as given, or None for the default
    today_override: str  # REVIEW_TODAY as given ("" when unset)
    release: bool

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
        profile=os.environ.get(PROFILE_ENV_VAR) or None,
        today_override=os.environ.get(TODAY_ENV_VAR, ""),
        release=os.environ.get(RELEASE_ENV_VAR) == "1",
    )
