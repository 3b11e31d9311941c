"""Service errors placed on form fields, and the error summary's entries in field order."""

from __future__ import annotations

from collections.abc import Mapping

from wtforms import Form
from wtforms.fields import FieldList, FormField

from aanbodplatform.digits import gettext as _


def attach_errors(form: Form, errors: Mapping[str, str]) -> list[str]:
    """Put service errors on the form's fields (``contacts-0-email`` style keys); return the rest."""
    unplaced: list[str] = []
    for key, message in errors.items():
        field = _find_field(form, key)
        if field is None:
            unplaced.append(message)
            continue
        field.errors = [*list(field.errors or []), message]
    return unplaced


def _find_field(form: Form, key: str):  # type: ignore[no-untyped-def]
    if key in form._fields:
        return form._fields[key]
    for name, field in form._fields.items():
        if not key.startswith(name + "-"):
            continue
        rest = key[len(name) + 1 :]
        if isinstance(field, FieldList):
            index, _sep, sub = rest.partition("-")
            # Entries keep the index they were posted with, which is not their list position
            # when rows were left out.
            entry = next((e for e in field.entries if e.name == f"{field.name}-{index}"), None)
            if entry is not None:
                if isinstance(entry, FormField) and sub:
                    return _find_field(entry.form, sub)
                return entry
        elif isinstance(field, FormField):
            return _find_field(field.form, rest)
    return None


def iter_errors(form: Form, row: int | None = None):  # type: ignore[no-untyped-def]
    """Yield (field id, label text, message) for every error on the form, in field order."""
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                if isinstance(entry, FormField):
                    yield from iter_errors(entry.form, number)
                else:
                    for message in entry.errors or []:
                        yield entry.id, _row_label(str(entry.label.text), number), message
        elif isinstance(field, FormField):
            yield from iter_errors(field.form, row)
        else:
            errors = field.errors
            if isinstance(errors, dict):
                continue
            for message in errors or []:
                yield field.id, _row_label(str(field.label.text), row), message


def _row_label(label: str, row: int | None) -> str:
    # In repeated blocks (places, moments, people) the summary says which one.
    if row is None:
        return label
    return _("%(label)s (number %(num)d)", label=label, num=row)
