"""Profile tools: check every profile at once; make a new profile to fill in."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from macros import profile_cli
from macros.profile import (
    UNFILLED_MARKER,
    Contact,
    ProfileError,
    load_profile,
    unfilled_keys,
)
from tests.sitebuild import ROOT

DEMO = ROOT / "organisation.yml"
# The demonstrations and any organisation's own profiles: all must be valid.
PROFILES = sorted((ROOT / "profiles").glob("*.yml")) + sorted(
    (ROOT / "profiles" / "examples").glob("*.yml"))


def cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m macros.profile_cli ARGS` from the project root, run in this
    process (tests/failures/test_adopter_messages.py runs it as printed)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = profile_cli.main(list(args))
    return subprocess.CompletedProcess(["macros.profile_cli", *args], code, out.getvalue(),
                                       err.getvalue())


def leaf_keys(data, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [key for name, value in data.items()
                for key in leaf_keys(value, f"{prefix}.{name}" if prefix else name)]
    return [prefix]


@pytest.fixture
def new_profile(tmp_path) -> Path:
    target = tmp_path / "profiles" / "acme.yml"
    result = cli("new", str(target))
    assert result.returncode == 0, result.stderr
    return target


# --------------------------------------------------------------------------
# new
# --------------------------------------------------------------------------


def test_new_profile_marks_every_organisation_value_to_fill_in(new_profile):
    data = yaml.safe_load(new_profile.read_text(encoding="utf-8"))
    demo = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    # Same keys as the demonstration profile, in the same order, but for the
    # optional settings, which keep their defaults.
    optional = {"site", "contacts_confirmed_within_months"}
    required = {key: value for key, value in demo.items() if key not in optional}
    assert leaf_keys(data) == leaf_keys(required)
    assert data["demonstration"] is False
    keys = unfilled_keys(data)
    assert len(keys) == len(leaf_keys(required)) - 1  # everything but `demonstration`
    assert "contacts.hr.verified_on" in keys
    assert "contacts.hr.phone" in keys and "organisation.nations.0" in keys
    text = new_profile.read_text(encoding="utf-8")
    assert "Sam Example" not in text and "020 7946" not in text and "@" not in text


def test_new_profile_points_editors_to_the_schema(new_profile):
    first = new_profile.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    schema = (new_profile.parent / first[len(prefix):]).resolve()
    assert schema == ROOT / "schema" / "organisation.schema.json"


def test_unfilled_profile_lists_each_key_as_still_to_fill_in(new_profile):
    with pytest.raises(ProfileError) as caught:
        load_profile(new_profile)
    data = yaml.safe_load(new_profile.read_text(encoding="utf-8"))
    expected = [f"{key}: still to fill in" for key in unfilled_keys(data)]
    # Only "still to fill in": never also "not a phone number" for the same key.
    assert caught.value.problems == expected
    message = str(caught.value)
    assert "\n" not in message and str(new_profile) in message
    for problem in expected:
        assert problem in message


def test_one_value_left_to_fill_in_is_named_alongside_other_problems(tmp_path):
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["contacts"]["hr"]["phone"] = f"{UNFILLED_MARKER}: phone number"
    data["contacts"]["legal"]["email"] = "legal.example.org"
    path = tmp_path / "partly.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    problems = caught.value.problems
    assert problems[0] == "contacts.hr.phone: still to fill in"
    assert len(problems) == 2 and problems[1].startswith("contacts.legal.email:")


def test_marker_in_a_free_text_field_still_fails(tmp_path):
    """A name passes as text, so only the marker check stops it."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["contacts"]["deputy"]["name"] = "to fill in"
    path = tmp_path / "name.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.problems == ["contacts.deputy.name: still to fill in"]


@pytest.mark.parametrize("field", ["phone", "email"])
def test_marker_is_never_a_valid_phone_or_email(field):
    contact = {"name": "A", "role_title": "B", "phone": "020 7946 0123",
               "email": "a@example.org", "hours": "C", "verified_on": "2026-11-28"}
    contact[field] = f"{UNFILLED_MARKER}: {field}"
    with pytest.raises(ValidationError) as caught:
        Contact.model_validate(contact)
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


def test_new_refuses_to_overwrite_a_profile(tmp_path):
    target = tmp_path / "mine.yml"
    target.write_text("keep me", encoding="utf-8")
    result = cli("new", str(target))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_new_needs_a_yml_name(tmp_path):
    result = cli("new", str(tmp_path / "acme.txt"))
    assert result.returncode == 1 and ".yml" in result.stderr
    assert not (tmp_path / "acme.txt").exists()


# --------------------------------------------------------------------------
# check, for every profile
# --------------------------------------------------------------------------


def test_every_committed_profile_is_valid():
    assert len(PROFILES) >= 2
    result = cli("check", str(DEMO), *map(str, PROFILES))
    assert result.returncode == 0, result.stderr
    assert f"All {len(PROFILES) + 1} profiles are valid." in result.stdout


def test_check_reports_every_problem_of_every_profile(new_profile, tmp_path):
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["contacts"]["hr"]["phone"] = "nope"
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("check", str(new_profile), str(DEMO), str(broken))
    assert result.returncode == 1
    assert "contacts.hr.phone: still to fill in" in result.stderr
    assert "contacts.out_of_hours.hours: still to fill in" in result.stderr
    assert "contacts.hr.phone: 'nope': letters are not accepted" in result.stderr
    assert "valid demonstration profile" in result.stdout
    assert f"2 of 3 profile(s) have problems: {new_profile}, {broken}" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_check_profiles_checks_the_demo_and_every_profile():
    # Under `make test` the outer make's flags would make this one print
    # "Entering/Leaving directory" lines: run it as a top-level make.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed",
                             "check-profiles"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    command = result.stdout.strip().splitlines()[-1]
    assert "macros.profile_cli check organisation.yml" in command
    for profile in PROFILES:
        assert profile.relative_to(ROOT).as_posix() in command
