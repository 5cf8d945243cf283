"""Profiles are data: chargeable numbers, letters and extensions, tricky
email addresses, invisible characters, huge values and YAML alias bombs are
each one line naming the file and key, in well under a second."""

from __future__ import annotations

import time

import phonenumbers
import pytest
import yaml

from macros.contacts import contact_email, contact_phone
from macros.datafiles import DataFileError, load_yaml_text
from macros.profile import ProfileError, load_profile, tel_uri
from tests.unit.test_profile import demo_data, problems_for, write


@pytest.mark.parametrize("phone, expected", [
    ("0909 879 0999", "'0909 879 0999' is a premium-rate number: callers may be charged extra"),
    ("0871 234 5678", "is a premium-rate number"),
    ("0845 123 4567", "is a premium-rate number"),
    ("070 1234 5678", "is a personal (070) number"),
    ("118 118", "not a valid phone number"),
    ("0800 CALL NOW", "letters are not accepted in a phone number"),
    ("020 7946 0123 ext 12", "extensions are not accepted"),
    ("020 7946 0123 x12", "extensions are not accepted"),
    ("020 7946 0123 #12", "extensions are not accepted"),
    ("020 7946 0123;ext=12", "extensions are not accepted"),
    ("020 7946 0123;12", "';' is not accepted in a phone number"),
    ("020\u00a07946 0123", "'\\xa0' is not accepted"),
])
def test_chargeable_lettered_and_extension_numbers_are_refused(tmp_path, phone, expected):
    data = demo_data()
    data["contacts"]["nominated_person"]["phone"] = phone
    problems = problems_for(tmp_path, data)
    assert problems[0].startswith("contacts.nominated_person.phone: "), problems
    assert expected in problems[0], problems


@pytest.mark.parametrize("phone", ["020 7946 0123", "+44 20 7946 0124", "0800 123 4567",
                                   "0300 123 4567", "+1 202 555 0123"])
def test_the_shown_number_is_the_number_the_link_dials(tmp_path, phone):
    data = demo_data()
    data["contacts"]["hr"]["phone"] = phone
    try:
        profile = load_profile(write(tmp_path, data))
    except ProfileError as exc:  # an unassigned test range: not this test's subject
        pytest.skip(str(exc))
    shown = profile.contacts.hr.phone
    link = contact_phone(profile, "hr")
    assert f'href="{tel_uri(shown)}"' in link
    shown_number = phonenumbers.parse(shown, "GB")
    dialled = phonenumbers.parse(tel_uri(shown).removeprefix("tel:"), None)
    assert shown_number == dialled, (shown, tel_uri(shown))


@pytest.mark.parametrize("email, expected", [
    ("hr@example.org?cc=someone@example.org", "not a plain email address"),
    ("hr@example.org&subject=x", "not a plain email address"),
    ("HR Team <hr@example.org>", "write the address only"),
    ("hr@example.org\nBcc: x@example.org", "write the address only"),
    ("hr..team@example.org", "not a plain email address"),
])
def test_emails_are_plain_addresses(tmp_path, email, expected):
    data = demo_data()
    data["contacts"]["hr"]["email"] = email
    problems = problems_for(tmp_path, data)
    assert problems[0].startswith("contacts.hr.email: ") and expected in problems[0], problems


def test_a_plain_email_makes_a_plain_link(tmp_path):
    profile = load_profile(write(tmp_path, demo_data()))
    link = contact_email(profile, "hr")
    address = profile.contacts.hr.email
    assert link == f'<a class="contact-email" href="mailto:{address}">{link.split(">")[1].split("<")[0]}</a>'
    assert "?" not in link and "&amp;" not in link


@pytest.mark.parametrize("name, code", [
    ("Morven \u202eelpmaxE", "U+202E"),   # right-to-left override
    ("Mor\u200bven Example", "U+200B"),   # zero-width space
    ("Morven\u2066 Example", "U+2066"),   # left-to-right isolate
    ("Morven\x07Example", "U+0007"),       # a control character
])
def test_invisible_and_direction_changing_characters_are_refused(tmp_path, name, code):
    data = demo_data()
    data["contacts"]["deputy"]["name"] = name
    problems = problems_for(tmp_path, data)
    assert problems[0].startswith("contacts.deputy.name: contains an invisible or "
                                  f"direction-changing character ({code}"), problems


def test_every_value_is_length_limited_quickly(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["name"] = "A" * 5000
    data["organisation"]["short_name"] = "B" * 61
    started = time.monotonic()
    problems = problems_for(tmp_path, data)
    assert time.monotonic() - started < 2
    assert "contacts.hr.name: String should have at most 120 characters" in problems
    assert "organisation.short_name: String should have at most 60 characters" in problems


def test_a_huge_profile_file_is_refused_before_it_is_read(tmp_path):
    data = demo_data()
    data["contacts"]["hr"]["name"] = "A" * 1_000_000
    path = write(tmp_path, data)
    started = time.monotonic()
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert time.monotonic() - started < 1
    assert str(caught.value) == (f"Organisation profile {path}: too large "
                                 f"({path.stat().st_size:,} bytes; at most 100,000)")


BOMB = """a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_yaml_alias_bomb_in_a_profile_is_refused_at_once(tmp_path):
    started = time.monotonic()
    problems = problems_for(tmp_path, BOMB)
    assert time.monotonic() - started < 1
    assert problems == ["line 1, column 4: this value is repeated with a YAML alias (*name); "
                        "aliases are not allowed in this file: write the value out"]


def test_a_yaml_alias_bomb_in_a_data_file_is_bounded(tmp_path):
    started = time.monotonic()
    with pytest.raises(DataFileError) as caught:
        load_yaml_text(BOMB, "data/x.yml")
    assert time.monotonic() - started < 1
    assert "values once its aliases are expanded" in str(caught.value)
    assert str(caught.value).startswith("Data file data/x.yml: line ")
    # Aliases used sensibly (data/routes.yml shares a contact list) still load.
    assert load_yaml_text("a: &x [1, 2]\nb: *x\n", "data/y.yml") == {"a": [1, 2], "b": [1, 2]}


def test_the_committed_profiles_still_pass():
    from tests.sitebuild import ROOT

    for path in [ROOT / "organisation.yml", *sorted((ROOT / "profiles").rglob("*.yml"))]:
        load_profile(path)
    yaml.safe_load((ROOT / "data" / "routes.yml").read_text(encoding="utf-8"))
