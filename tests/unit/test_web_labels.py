"""Each web helper module holds one kind of thing: request helpers (guard), domain errors as
HTTP answers (domain_errors), errors on form fields (form_errors), label presenters (labels)."""

from __future__ import annotations

import ast
from pathlib import Path

from flask_babel import force_locale

from aanbodplatform.web import domain_errors, form_errors, guard, labels

LABELS = ("role_label", "status_label", "history_comment", "decision_text", "field_label",
          "field_value", "precision_label", "locale_direction", "counter_for", "init_templates")


def _functions(module: object) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_each_web_helper_module_holds_one_kind_of_thing() -> None:
    assert _functions(guard) == {"settings", "actor", "login_required", "safe_next", "back_or"}
    assert _functions(domain_errors) == {"install_error_handlers"}
    assert _functions(form_errors) == {"attach_errors", "_find_field", "iter_errors", "_row_label"}
    assert set(LABELS) <= _functions(labels)
    for name in LABELS:
        assert not hasattr(guard, name)


def test_labels_speak_the_page_language(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/en/"), force_locale("en"):
        assert labels.status_label("published") == "Published"
        assert labels.role_label("guide") == "Guide"
        assert labels.role_label("unknown") == "unknown"
        assert labels.locale_direction("ar") == "rtl" and labels.locale_direction("xx") == "ltr"
    assert app.jinja_env.globals["status_label"] is labels.status_label
