"""The organisation profile: typed models, loading and editor-friendly errors.

Data flows one way: YAML file -> `load_profile()` -> a frozen `Profile`.
Every mistake an editor can make becomes a `ProfileError` whose message names
the file, the key path and what was expected, on one line.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
)

from .datafiles import DataFileError, parse_data, read_yaml

DEFAULT_PROFILE = "organisation.yml"
PROFILE_ENV_VAR = "ORG_PROFILE"


class ProfileError(DataFileError):
    """An organisation profile that cannot be used. `problems` lists each one."""

    kind = "Organisation profile"
    not_found_hint = " (check ORG_PROFILE or the file name)"

    def __init__(self, path: Path | str, problems: list[str]):
        super().__init__(path, problems)
        if any(problem.endswith(UNFILLED_PROBLEM) for problem in problems):
            # A profile made with `profile_cli new`: the build's one line names
            # every key still to fill in, not just the first.
            self.args = (f"{self.kind} {self.path}: " + "; ".join(problems),)


# --------------------------------------------------------------------------
# Values still to fill in (profiles made with `python -m macros.profile_cli new`)
# --------------------------------------------------------------------------

# Every organisation-specific value of a new profile starts with this marker.
# It is not a valid phone number, email address, URL or nation, and any
# value starting with it is reported as "<key>: still to fill in".
UNFILLED_MARKER = "TO FILL IN"
UNFILLED_PROBLEM = ": still to fill in"


def is_unfilled(value: Any) -> bool:
    return isinstance(value, str) and value.strip().upper().startswith(UNFILLED_MARKER)


def unfilled_keys(data: Any, prefix: str = "") -> list[str]:
    """Key paths (e.g. 'contacts.hr.phone') whose value is still the marker."""
    if isinstance(data, dict):
        items = [(str(key), value) for key, value in data.items()]
    elif isinstance(data, list):
        items = [(str(index), value) for index, value in enumerate(data)]
    else:
        return [prefix] if is_unfilled(data) else []
    found: list[str] = []
    for key, value in items:
        found += unfilled_keys(value, f"{prefix}.{key}" if prefix else key)
    return found


# --------------------------------------------------------------------------
# Field types
# --------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _uk_phone(value: str) -> str:
    """Accept a valid phone number (UK format by default); store it formatted."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {value!r} (expected e.g. 020 7946 0123)") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {value!r} (expected e.g. 020 7946 0123)")
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


Phone = Annotated[str, AfterValidator(_uk_phone)]


def _no_repeats(values: list) -> list:
    repeated = sorted({str(getattr(v, "value", v)) for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} is listed more than once")
    return values


def tel_uri(phone: str) -> str:
    """The `tel:` address of a phone number that passed validation."""
    number = phonenumbers.parse(phone, "GB")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Jurisdiction(str, Enum):
    """The three UK legal jurisdictions."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return {
            "england-and-wales": "England and Wales",
            "scotland": "Scotland",
            "northern-ireland": "Northern Ireland",
        }[self.value]


class Nation(str, Enum):
    """The four UK nations: police, procedures and duties differ between them."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return {
            "england": "England",
            "wales": "Wales",
            "scotland": "Scotland",
            "northern-ireland": "Northern Ireland",
        }[self.value]

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The legal system the nation belongs to (England and Wales share one)."""
        return {
            "england": Jurisdiction.ENGLAND_AND_WALES,
            "wales": Jurisdiction.ENGLAND_AND_WALES,
            "scotland": Jurisdiction.SCOTLAND,
            "northern-ireland": Jurisdiction.NORTHERN_IRELAND,
        }[self.value]


NATION_VALUES = ", ".join(nation.value for nation in Nation)


def jurisdictions_key_problem(values: Any) -> str:
    """One line for a profile that still uses the old `organisation.jurisdictions` key."""
    suggestion = {
        "england-and-wales": "england and/or wales",
        "scotland": "scotland",
        "northern-ireland": "northern-ireland",
    }
    given = values if isinstance(values, list) else [values]
    hints = [suggestion.get(str(value), str(value)) for value in given]
    return (f"organisation.jurisdictions: replaced by organisation.nations, one or more of "
            f"{NATION_VALUES} (for this profile: {', '.join(hints)})")


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------


class _Strict(BaseModel):
    # extra="forbid": an editor's misspelt key must fail, never be ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


StrictModel = _Strict


class Contact(_Strict):
    """A person or team staff can reach."""

    name: Text = Field(description="Person or team name, e.g. 'Safeguarding team'.")
    role_title: Text = Field(description="Job or role title shown under the name.")
    phone: Phone = Field(description="Phone number, e.g. '020 7946 0123'.")
    email: EmailStr = Field(description="Email address.")
    hours: Text = Field(description="When this contact can be reached, in plain words.")


class Contacts(_Strict):
    """Named internal contacts, one for each role the site refers to."""

    nominated_person: Contact = Field(
        description="The person staff report to: designated safeguarding lead or equivalent."
    )
    deputy: Contact = Field(description="Deputy for the nominated person.")
    it_security: Contact = Field(description="IT security lead or team.")
    hr: Contact = Field(description="Human resources.")
    legal: Contact = Field(description="Legal and data protection adviser.")
    employee_assistance: Contact = Field(description="Support for staff (employee assistance).")
    out_of_hours: Contact = Field(description="Who to call outside working hours.")
    escalation: Contact = Field(
        description="Who to go to if the concern is about the nominated person or another "
        "listed contact, e.g. the chair of trustees or governors."
    )


CONTACT_ROLES: tuple[str, ...] = tuple(Contacts.model_fields)


class Organisation(_Strict):
    name: Text = Field(description="Full name of the organisation.")
    short_name: Text = Field(description="Short name used in running text.")
    nations: Annotated[list[Nation], AfterValidator(_no_repeats)] = Field(
        min_length=1,
        description="UK nations the organisation works in: england, wales, scotland, "
        "northern-ireland. The legal systems follow from them.",
    )
    intranet_url: HttpUrl = Field(description="Address of this site on the intranet.")

    @property
    def jurisdictions(self) -> list[Jurisdiction]:
        """The legal systems of the organisation's nations, in profile order, each once."""
        return list(dict.fromkeys(nation.jurisdiction for nation in self.nations))


class SiteOwner(_Strict):
    name: Text = Field(description="Person or team responsible for this site.")
    role_title: Text
    email: EmailStr


class Profile(_Strict):
    """One organisation's details. Everything organisation-specific on the site."""

    demonstration: bool = Field(
        default=False,
        description="True only for the fictional demonstration organisation: "
        "every page then carries a warning banner.",
    )
    organisation: Organisation
    site_owner: SiteOwner
    contacts: Contacts

    def contact(self, role: str) -> Contact:
        if role not in CONTACT_ROLES:
            raise UnknownContactRole(role)
        return getattr(self.contacts, role)


class UnknownContactRole(LookupError):
    def __init__(self, role: str):
        self.role = role
        super().__init__(
            f"unknown contact role {role!r} (expected one of: {', '.join(CONTACT_ROLES)})"
        )


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def parse_profile(data: Any, path: Path | str) -> Profile:
    """Validate already-loaded data; every problem is listed in the ProfileError.

    A value still marked "TO FILL IN" is reported as "<key>: still to fill in"
    (and not also as, say, an invalid phone number); other problems follow.
    """
    unfilled = unfilled_keys(data) if isinstance(data, dict) else []
    organisation = data.get("organisation") if isinstance(data, dict) else None
    if isinstance(organisation, dict) and "jurisdictions" in organisation:
        raise ProfileError(path, [jurisdictions_key_problem(organisation["jurisdictions"])])
    try:
        profile = parse_data(data, path, Profile, ProfileError)
    except ProfileError as exc:
        others = [problem for problem in exc.problems
                  if not any(problem.startswith(f"{key}:") or problem.startswith(f"{key}.")
                             for key in unfilled)]
        problems = [f"{key}{UNFILLED_PROBLEM}" for key in unfilled] + others
        raise ProfileError(path, problems) from None
    if unfilled:
        raise ProfileError(path, [f"{key}{UNFILLED_PROBLEM}" for key in unfilled])
    return profile


def load_profile(path: Path | str) -> Profile:
    path = Path(path)
    return parse_profile(read_yaml(path, ProfileError), path)


def profile_path(project_dir: Path | str) -> Path:
    """The profile in use: $ORG_PROFILE if set, else organisation.yml in the project."""
    chosen = os.environ.get(PROFILE_ENV_VAR, "").strip()
    if chosen:
        return Path(chosen)
    return Path(project_dir) / DEFAULT_PROFILE


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema editors' tools use; generated from the same models."""
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Organisation profile"
    return schema
