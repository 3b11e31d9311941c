"""The label presenters live in web/labels.py; guard.py keeps only request helpers and errors."""

from __future__ import annotations

import ast
from pathlib import Path

from flask_babel import force_locale

from aanbodplatform.web import guard, labels

LABELS = ("role_label", "status_label", "history_comment", "decision_text", "field_label",
          "field_value", "precision_label", "locale_direction", "counter_for", "init_templates")


def test_the_labels_are_defined_in_labels_and_only_re_exported_by_guard() -> None:
    tree = ast.parse(Path(guard.__file__).read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert defined & set(LABELS) == set()
    assert {"actor", "login_required", "install_error_handlers", "attach_errors"} <= defined
    for name in LABELS:
        assert getattr(guard, name) is getattr(labels, name)


def test_labels_speak_the_page_language(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/en/"), force_locale("en"):
        assert labels.status_label("published") == "Published"
        assert labels.role_label("guide") == "Guide"
        assert labels.role_label("unknown") == "unknown"
        assert labels.locale_direction("ar") == "rtl" and labels.locale_direction("xx") == "ltr"
    assert app.jinja_env.globals["status_label"] is labels.status_label
