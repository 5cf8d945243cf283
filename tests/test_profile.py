"""The organisation profile: valid and invalid cases, each with its message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.profile import (
    CONTACT_ROLES,
    Jurisdiction,
    Nation,
    ProfileError,
    load_profile,
    profile_json_schema,
    profile_path,
    tel_uri,
)
from tests.sitebuild import ROOT

DEMO = ROOT / "organisation.yml"


def demo_data() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "profile.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def problems_for(tmp_path: Path, data) -> list[str]:
    path = write(tmp_path, data)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(path) in str(caught.value), "the message must name the file"
    return caught.value.problems


def test_demonstration_profile_is_valid_and_marked_as_demonstration():
    profile = load_profile(DEMO)
    assert profile.demonstration is True
    assert profile.organisation.nations == [Nation.ENGLAND]
    assert profile.organisation.jurisdictions == [Jurisdiction.ENGLAND_AND_WALES]
    assert set(CONTACT_ROLES) == {
        "nominated_person", "deputy", "it_security", "hr", "legal",
        "employee_assistance", "out_of_hours", "escalation",
    }


def test_demonstration_contacts_are_fictional():
    """Ofcom's drama range 020 7946 0xxx and example.org only."""
    profile = load_profile(DEMO)
    for role in CONTACT_ROLES:
        contact = profile.contact(role)
        assert contact.phone.startswith("020 7946 0"), role
        assert contact.email.endswith("@example.org"), role


def test_phone_numbers_are_normalised_and_get_tel_links(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["phone"] = "+44 (0)20-7946-0999"
    profile = load_profile(write(tmp_path, data))
    assert profile.contacts.hr.phone == "020 7946 0999"
    assert tel_uri(profile.contacts.hr.phone) == "tel:+442079460999"


def test_all_four_nations_accepted_and_give_three_legal_systems(tmp_path):
    data = demo_data()
    data["organisation"]["nations"] = ["wales", "england", "scotland", "northern-ireland"]
    organisation = load_profile(write(tmp_path, data)).organisation
    assert len(organisation.nations) == 4
    assert organisation.jurisdictions == [
        Jurisdiction.ENGLAND_AND_WALES, Jurisdiction.SCOTLAND, Jurisdiction.NORTHERN_IRELAND]


def test_the_old_jurisdictions_key_gets_one_line_naming_the_new_key(tmp_path):
    data = demo_data()
    del data["organisation"]["nations"]
    data["organisation"]["jurisdictions"] = ["england-and-wales", "scotland"]
    problems = problems_for(tmp_path, data)
    assert problems == [
        "organisation.jurisdictions: replaced by organisation.nations, one or more of "
        "england, wales, scotland, northern-ireland (for this profile: england and/or wales, "
        "scotland)"]


def test_bad_yaml_names_line_and_column(tmp_path):
    problems = problems_for(tmp_path, "organisation:\n  name: [unclosed\n")
    assert len(problems) == 1
    assert "invalid YAML" in problems[0]
    assert "line " in problems[0] and "column " in problems[0]


def test_missing_key_names_the_key_path(tmp_path):
    data = demo_data()
    del data["contacts"]["hr"]["email"]
    assert problems_for(tmp_path, data) == ["contacts.hr.email: missing (this key is required)"]


def test_missing_contact_role(tmp_path):
    data = demo_data()
    del data["contacts"]["deputy"]
    assert problems_for(tmp_path, data) == ["contacts.deputy: missing (this key is required)"]


def test_misspelt_key_is_rejected_and_lists_allowed_keys(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["phnoe"] = data["contacts"]["hr"].pop("phone")
    problems = problems_for(tmp_path, data)
    assert "contacts.hr.phnoe: unknown key, check the spelling" in problems[0]
    assert "allowed here: name, role_title, phone, email, hours" in problems[0]
    assert "contacts.hr.phone: missing (this key is required)" in problems


def test_wrong_type_is_reported(tmp_path):
    data = demo_data()
    data["organisation"]["nations"] = "england"
    problems = problems_for(tmp_path, data)
    assert problems == ["organisation.nations: Input should be a valid list"]


def test_bad_phone_number(tmp_path):
    data = demo_data()
    data["contacts"]["it_security"]["phone"] = "12345"
    problems = problems_for(tmp_path, data)
    assert problems == [
        "contacts.it_security.phone: not a valid phone number: '12345' "
        "(expected e.g. 020 7946 0123)"
    ]


def test_phone_that_is_not_a_number(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["phone"] = "call reception"
    assert problems_for(tmp_path, data)[0].startswith("contacts.hr.phone: not a phone number")


def test_bad_email(tmp_path):
    data = demo_data()
    data["contacts"]["legal"]["email"] = "legal.example.org"
    problems = problems_for(tmp_path, data)
    assert len(problems) == 1
    assert problems[0].startswith("contacts.legal.email: value is not a valid email address")


def test_unknown_nation(tmp_path):
    data = demo_data()
    data["organisation"]["nations"] = ["england-and-wales"]
    problems = problems_for(tmp_path, data)
    assert problems == [
        "organisation.nations.0: 'england-and-wales' is not allowed, expected one of "
        "'england', 'wales', 'scotland' or 'northern-ireland'"
    ]


def test_no_nation(tmp_path):
    data = demo_data()
    data["organisation"]["nations"] = []
    assert problems_for(tmp_path, data)[0].startswith("organisation.nations: List should have at least 1 item")


def test_empty_value(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["name"] = "   "
    assert problems_for(tmp_path, data)[0].startswith("contacts.hr.name: String should have at least 1 character")


def test_duplicate_key_is_rejected(tmp_path):
    text = DEMO.read_text(encoding="utf-8").replace(
        "  short_name: Example Trust\n", "  short_name: Example Trust\n  short_name: Again\n"
    )
    problems = problems_for(tmp_path, text)
    assert "key 'short_name' appears twice" in problems[0]


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.yml"
    with pytest.raises(ProfileError) as caught:
        load_profile(missing)
    assert str(caught.value) == f"Organisation profile {missing}: file not found (check ORG_PROFILE or the file name)"


def test_empty_file(tmp_path):
    problems = problems_for(tmp_path, "")
    assert problems == ["expected a mapping of keys at the top level (is the file empty?)"]


def test_every_problem_is_listed_but_the_message_is_one_line(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["phone"] = "nope"
    data["contacts"]["legal"]["email"] = "nope"
    path = write(tmp_path, data)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert len(caught.value.problems) == 2
    assert "\n" not in str(caught.value)
    assert str(caught.value).endswith("(and 1 more problem(s))")


def test_org_profile_environment_variable_selects_profile(monkeypatch, tmp_path):
    monkeypatch.delenv("ORG_PROFILE", raising=False)
    assert profile_path(tmp_path) == tmp_path / "organisation.yml"
    monkeypatch.setenv("ORG_PROFILE", "profiles/other.yml")
    assert profile_path(tmp_path) == Path("profiles/other.yml")


def test_exported_json_schema_is_current():
    committed = json.loads((ROOT / "schema" / "organisation.schema.json").read_text(encoding="utf-8"))
    assert committed == profile_json_schema(), "run `make schema` and commit the result"


def test_json_schema_rejects_unknown_keys():
    schema = profile_json_schema()
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Contact"]["additionalProperties"] is False


def test_profile_points_editors_to_the_schema():
    first_line = DEMO.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schema/organisation.schema.json"


def test_check_command_lists_every_problem(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["phone"] = "nope"
    data["contacts"]["legal"]["email"] = "nope"
    data["organisation"]["colour"] = "blue"
    path = write(tmp_path, data)
    result = subprocess.run(
        [sys.executable, "-m", "macros.profile_cli", "check", str(path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "3 problem(s)" in result.stderr
    for key in ("contacts.hr.phone", "contacts.legal.email", "organisation.colour"):
        assert key in result.stderr
    assert "Traceback" not in result.stderr


def test_check_command_accepts_the_demonstration_profile():
    result = subprocess.run(
        [sys.executable, "-m", "macros.profile_cli", "check", str(DEMO)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid demonstration profile" in result.stdout
