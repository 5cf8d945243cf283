"""What editors and adopters read: misspellings get "did you mean", and every
command a tool prints works exactly as printed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys

import pytest

from macros import errors
from macros.frontmatter import FrontMatterError, check_meta
from tests.sitebuild import ROOT

META = {"title": "T", "description": "D", "last_reviewed": "2026-11-01",
        "review_interval_months": 6, "audience": "all staff", "page_type": "guidance"}


def test_misspelt_required_front_matter_key_gives_the_cause_and_the_effect():
    with pytest.raises(FrontMatterError) as caught:
        check_meta({**META, "ownr": "Designated safeguarding lead"}, "contacts.md",
                   dt.date(2026, 11, 28))
    assert str(caught.value).splitlines() == [
        "docs/contacts.md: front matter: unknown key 'ownr', did you mean 'owner'?",
        "docs/contacts.md: front matter: missing 'owner'",
    ]


def test_did_you_mean_for_an_undefined_macro():
    errors.install(lambda: ["contact_phone", "contact_name", "org_name"])
    assert errors.did_you_mean("'contact_phon' is undefined") == (
        "'contact_phon' is undefined, did you mean 'contact_phone'?")
    assert errors.did_you_mean("'zebra' is undefined") == "'zebra' is undefined"


def test_a_misspelt_macro_stops_the_build_with_did_you_mean(family_build):
    result = family_build("page-templates")  # misspelt.md (tests/failures/families.py)
    assert not result.ok
    assert ("docs/misspelt.md: line 13: contact_phon() is not one of the site's macros "
            "(did you mean contact_phone()?)" in result.output), result.output
    assert "Traceback" not in result.output


def without_venv() -> dict[str, str]:
    """An adopter's shell: no virtual environment on PATH, no make flags."""
    venv_bin = os.path.dirname(sys.executable)
    path = os.pathsep.join(part for part in os.environ.get("PATH", "").split(os.pathsep)
                           if os.path.abspath(part) != os.path.abspath(venv_bin))
    return {**{k: v for k, v in os.environ.items()
               if k not in {"VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ORG_PROFILE"}},
            "PATH": path}


def test_the_check_command_new_profile_prints_works_as_printed(tmp_path):
    target = tmp_path / "profiles" / "acme.yml"
    made = subprocess.run([sys.executable, "-m", "macros.profile_cli", "new", str(target)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    hint = re.search(r"then run: (.+)$", made.stdout.strip()).group(1)
    assert hint.startswith("make "), hint
    # Run from another folder, outside the virtual environment, word for word.
    checked = subprocess.run(shlex.split(hint), cwd=tmp_path, env=without_venv(),
                             capture_output=True, text=True, check=False)
    assert checked.returncode != 0  # the profile is still to be filled in...
    assert "contacts.hr.phone: still to fill in" in checked.stderr  # ...and says so
    assert "No module named" not in checked.stderr and "Traceback" not in checked.stderr
    # The commands in the new file's own header are make targets too.
    header = [line for line in target.read_text(encoding="utf-8").splitlines()
              if line.startswith("#   ")]
    assert header and all(line.strip("# ").startswith("make ") for line in header), header
