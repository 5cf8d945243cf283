"""The organisation profile: typed models, loading and editor-friendly errors.

Data flows one way: YAML file -> `load_profile()` -> a frozen `Profile`.
Every mistake an editor can make becomes a `ProfileError` whose message names
the file, the key path and what was expected, on one line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import email_validator
import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from .datafiles import DataFileError, parse_data, read_yaml

DEFAULT_PROFILE = "organisation.yml"
PROFILE_ENV_VAR = "ORG_PROFILE"


class ProfileError(DataFileError):
    """An organisation profile that cannot be used. `problems` lists each one."""

    kind = "Organisation profile"
    not_found_hint = " (check ORG_PROFILE or the file name)"
    # A profile is a page of names and numbers: anything bigger is a mistake.
    max_bytes = 100_000
    max_values = 5_000
    aliases_allowed = False

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


# Characters that change what a reader sees without being seen: controls,
# zero-width and joiner characters, bidirectional overrides and isolates
# (Unicode categories Cc, Cf, Co, Cs, Cn and the line/paragraph separators).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


def _visible_text(value: str) -> str:
    for position, character in enumerate(value, start=1):
        if unicodedata.category(character) in _INVISIBLE_CATEGORIES:
            raise ValueError(
                f"contains an invisible or direction-changing character "
                f"(U+{ord(character):04X} {unicodedata.name(character, 'control')}) at "
                f"character {position}: type the text again without it")
    return value


def _limited(max_length: int):
    """Profile text: trimmed, not empty, at most `max_length` characters, and
    nothing invisible or direction-changing."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=max_length),
                     AfterValidator(_visible_text)]


Name = _limited(120)  # a person, team or organisation
Line = _limited(300)  # a role title or opening hours: one line of text

# The number types staff may be asked to call. Premium-rate (09, 087, 084),
# shared-cost, personal (070), pager and other chargeable or redirecting
# numbers are refused: no one reporting abuse should pay to do it.
_CALLABLE_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.VOIP,
}
_TYPE_NAMES = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
    phonenumbers.PhoneNumberType.SHARED_COST: "a shared-cost number",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "a personal (070) number",
    phonenumbers.PhoneNumberType.PAGER: "a pager number",
    phonenumbers.PhoneNumberType.VOICEMAIL: "a voicemail number",
    phonenumbers.PhoneNumberType.UAN: "a corporate (055) number",
}
_PHONE_CHARACTERS = set("0123456789 +()-.")
_EXTENSION = re.compile(r"(?i)(?:ext(?:ension)?|x|#)\W*\d")
PHONE_EXAMPLE = "expected e.g. 020 7946 0123"


def _uk_phone(value: str) -> str:
    """Accept a valid, free or ordinary-rate phone number (UK format by
    default); store it in the one form the site shows (national for UK
    numbers, international otherwise). The `tel:` link (tel_uri) is made
    from the same number, so what is shown is what is dialled."""
    value = value.strip()
    if _EXTENSION.search(value):
        raise ValueError(f"{value!r}: extensions are not accepted (a tap-to-call link cannot "
                         "dial one): give the direct number, or the switchboard and put the "
                         "extension in 'hours'")
    if any(character.isalpha() for character in value):
        raise ValueError(f"{value!r}: letters are not accepted in a phone number; write the "
                         f"digits ({PHONE_EXAMPLE})")
    strange = sorted(set(value) - _PHONE_CHARACTERS)
    if strange:
        raise ValueError(f"{value!r}: {strange[0]!r} is not accepted in a phone number; use "
                         f"digits, spaces and + only ({PHONE_EXAMPLE})")
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {value!r} ({PHONE_EXAMPLE})") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {value!r} ({PHONE_EXAMPLE})")
    kind = phonenumbers.number_type(number)
    uk_03 = kind == phonenumbers.PhoneNumberType.UAN and str(number.national_number)[:1] == "3"
    if kind not in _CALLABLE_TYPES and not uk_03:
        what = _TYPE_NAMES.get(kind, "not an ordinary phone number")
        raise ValueError(f"{value!r} is {what}: callers may be charged extra; give a number "
                         "that costs no more than a normal call (01, 02, 03, 07 or 0800)")
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


Phone = Annotated[str, AfterValidator(_uk_phone)]

# A plain address only: the site puts it in a mailto: link, where '?' and '&'
# would add headers (a subject, a copy to someone else) and a display name
# ("Team <team@example.org>") would be shown in place of the address.
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _plain_email(value: str) -> str:
    value = value.strip()
    if "<" in value or ">" in value or " " in value:
        raise ValueError(f"{value!r}: write the address only (no name, spaces or < >), "
                         "e.g. team@example.org")
    if not _PLAIN_EMAIL.fullmatch(value) or ".." in value or len(value) > 254:
        raise ValueError(f"{value!r}: not a plain email address (letters, digits and . _ + - "
                         "before the @; no ? & or other signs), e.g. team@example.org")
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise ValueError(f"{value!r}: not a valid email address ({exc})") from None
    return value


Email = Annotated[str, AfterValidator(_plain_email),
                  WithJsonSchema({"type": "string", "format": "email", "maxLength": 254})]


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

    name: Name = Field(description="Person or team name, e.g. 'Safeguarding team'.")
    role_title: Line = Field(description="Job or role title shown under the name.")
    phone: Phone = Field(description="Phone number, e.g. '020 7946 0123': an ordinary or "
                         "free number, digits only (no letters, no extension).")
    email: Email = Field(description="Email address only, e.g. 'team@example.org'.")
    hours: Line = Field(description="When this contact can be reached, in plain words.")
    verified_on: dt.date = Field(
        description="The date someone last confirmed with this contact that these details "
        "are right, as YYYY-MM-DD. `make build` warns and `make release` refuses once this "
        "is older than contacts_confirmed_within_months.")


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
    name: Name = Field(
        description="The organisation's full legal name. Every policy document uses it "
        "(document control table, text and the header of the Word and OpenDocument files)."
    )
    short_name: _limited(60) = Field(
        description="Short name used in the site's interface and in running text on "
        "pages (site title, law pages); never in policy documents."
    )
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
    name: Name = Field(description="Person or team responsible for this site.")
    role_title: Line
    email: Email


# ── How the organisation publishes the site (optional) ───────────────────

_BASE_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")


def _base_path(value: str) -> str:
    if not _BASE_PATH.fullmatch(value) or "/../" in value or "/./" in value:
        raise ValueError(f"expected a path that starts and ends with '/', such as "
                         f"/safeguarding/ (or / for the root); got {value!r}")
    return value


_HTTP_URL = TypeAdapter(HttpUrl)


def _edit_uri(text: str) -> str:
    try:
        value = _HTTP_URL.validate_python(text)
    except ValidationError:
        raise ValueError(f"expected a web address such as "
                         f"https://github.com/your-org/your-repo/edit/main/; got {text!r}") from None
    text = str(value)
    if not text.endswith("/") or value.query or value.fragment:
        raise ValueError("expected the address of the repository's web editor, ending in '/', "
                         f"e.g. https://github.com/your-org/your-repo/edit/main/; got {text!r}")
    return text


class SiteSettings(_Strict):
    """Where and how the site is published. Everything an adopter would
    otherwise change in mkdocs.yml."""

    edit_uri: Annotated[str, AfterValidator(_edit_uri)] | None = Field(
        default=None,
        description="Start of each page's 'Edit this page' link: the repository's web "
        "editor, e.g. https://github.com/your-org/your-repo/edit/main/ (the page's path "
        "is added). Absent: no edit link. Its domain must be on data/external-links.yml.")
    base_path: Annotated[str, AfterValidator(_base_path)] = Field(
        default="/",
        description="The path the site is served from, e.g. /safeguarding/ for "
        "https://intranet.example.org/safeguarding/. Default / (the root of its host name). "
        "The not-found page needs it; every other page works from any path.")


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
    contacts_confirmed_within_months: int = Field(
        default=12, ge=1, le=24,
        description="How old a contact's verified_on may be, in months, before "
        "`make build` warns and `make release` refuses the profile.")
    site: SiteSettings = Field(
        default_factory=SiteSettings,
        description="Where and how the site is published (all optional).")

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
