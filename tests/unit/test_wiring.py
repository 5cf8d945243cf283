"""The hooks' shared wiring: problems stop the build, one line each."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from macros.build.wiring import one_line, stop_on


def test_no_problem_passes_and_each_problem_is_one_line():
    stop_on([])
    with pytest.raises(PluginError) as found:
        stop_on(["docs/a.md: one", "docs/b.md: two"])
    assert str(found.value) == "docs/a.md: one\ndocs/b.md: two"


def test_a_named_error_becomes_its_one_line_and_others_pass_through():
    with pytest.raises(PluginError, match=r"^data/x.yml: key: wrong$"), one_line(ValueError):
        raise ValueError("data/x.yml: key: wrong")
    with pytest.raises(KeyError), one_line(ValueError):
        raise KeyError("a programming error keeps its traceback")
