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
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationError,
)

DEFAULT_PROFILE = "organisation.yml"
PROFILE_ENV_VAR = "ORG_PROFILE"


class ProfileError(Exception):
    """An organisation profile that cannot be used. `problems` lists each one."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"Organisation profile {self.path}: {first}{more}")


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


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------


class _Strict(BaseModel):
    # extra="forbid": an editor's misspelt key must fail, never be ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


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


CONTACT_ROLES: tuple[str, ...] = tuple(Contacts.model_fields)


class Organisation(_Strict):
    name: Text = Field(description="Full name of the organisation.")
    short_name: Text = Field(description="Short name used in running text.")
    jurisdictions: list[Jurisdiction] = Field(
        min_length=1,
        description="UK jurisdictions the organisation works in: "
        "england-and-wales, scotland, northern-ireland.",
    )
    intranet_url: HttpUrl = Field(description="Address of this site on the intranet.")


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects a key given twice (YAML would keep the last silently)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every failure into a one-line ProfileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(path, ["file not found (check ORG_PROFILE or the file name)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(path, [f"cannot be read: {exc}"]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError(path, [f"{where}invalid YAML: {problem}"]) from None


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    """One readable line for one pydantic error."""
    loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = error["loc"][:-1]
        allowed = _allowed_keys(model, parent)
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"{loc}: unknown key, check the spelling{hint}"
    if kind == "missing":
        return f"{loc}: missing (this key is required)"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{loc}: {error['input']!r} is not allowed, expected one of {expected}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{loc}: {message}"


def _allowed_keys(model: type[BaseModel], parent: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    return list(getattr(current, "model_fields", {}))


def parse_profile(data: Any, path: Path | str) -> Profile:
    """Validate already-loaded data; every problem is listed in the ProfileError."""
    if not isinstance(data, dict):
        raise ProfileError(path, ["expected a mapping of keys at the top level (is the file empty?)"])
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        # A misspelt key also makes the real key "missing": report the cause first.
        errors = sorted(exc.errors(), key=lambda err: err["type"] != "extra_forbidden")
        problems = [_describe(err, Profile) for err in errors]
        raise ProfileError(path, problems) from None


def load_profile(path: Path | str) -> Profile:
    path = Path(path)
    return parse_profile(read_yaml(path), path)


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
