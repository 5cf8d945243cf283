"""The order in which the hooks see each finished page."""

from __future__ import annotations

from mkdocs.config import load_config

from tests.sitebuild import ROOT


def test_the_review_reports_contact_table_is_filled_in_before_the_gates_read_the_page():
    config = load_config(str(ROOT / "mkdocs.yml"))
    order = [method.__module__ for method in config.plugins.events["post_page"]]
    assert order.index("hooks/contact_review.py") < order.index("hooks/html_gate.py"), order
    assert order.index("hooks/contact_review.py") < order.index("hooks/external_links.py"), order
