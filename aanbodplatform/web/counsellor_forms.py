"""The counsellor's forms: a client's details, erasing a client, the warm handover, answers.

Each form validates its own fields; `client_input` and `handover_input` turn a validated form
into the service's input, so the views in `web/counsellor.py` only translate HTTP.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from aanbodplatform.digits import gettext as _
from aanbodplatform.i18n import LOCALES
from aanbodplatform.models import CLIENT_STATUSES, Client
from aanbodplatform.services import clients as client_service
from aanbodplatform.services import handovers as handover_service
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web import handover_presenters as hp
from aanbodplatform.web.presenters import daypart_label, weekday_name
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS


def _checkboxes(label: Any, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(
        label, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **kwargs
    )


class ClientForm(FlaskForm):
    """A client's details: the minimum needed to search and hand over."""

    reference_code = StringField(
        _l("Reference code"),
        description=_l("Your own code for this client. Never a national register number."),
        validators=[DataRequired(message=_l("Enter a reference code.")), Length(max=40)],
        render_kw={"maxlength": 40, "autocomplete": "off"},
    )
    first_name = StringField(
        _l("First name or initials"),
        description=_l("Optional."),
        validators=[Length(max=60)],
        render_kw={"maxlength": 60, "autocomplete": "off"},
    )
    preferred_locale = SelectField(
        _l("Language for search together and messages"),
        description=_l("The page and the emails for the client use this language."),
    )
    languages = _checkboxes(_l("Languages the client speaks"), validate_choice=False)
    dutch_level = RadioField(_l("Dutch level"), default="none", validate_choice=False)
    home_postcode = StringField(
        _l("Home postcode"),
        description=_l("Used to search near home. 4 digits, like 9000."),
        validators=[Length(max=4)],
        render_kw={"inputmode": "numeric", "maxlength": 4, "autocomplete": "off"},
    )
    weekdays = _checkboxes(_l("Days the client is free"), validate_choice=False)
    dayparts = _checkboxes(_l("Times of day the client is free"), validate_choice=False)
    status = RadioField(
        _l("Status in the integration programme"), default="obliged", validate_choice=False
    )
    contract_start_date = DateField(
        _l("Start date of the integration contract"),
        validators=[Optional()],
        description=_l("Optional. Hours before this date do not count."),
    )
    contract_end_date = DateField(
        _l("End date of the integration contract"),
        validators=[Optional()],
        description=_l("Optional."),
    )
    interests = _checkboxes(_l("Interests"), validate_choice=False)
    email = EmailField(
        _l("Email address of the client"),
        description=_l("Optional. Only to send the shortlist or an appointment to the client."),
        validators=[Length(max=254)],
        render_kw={"autocomplete": "off"},
    )


def client_form(**kwargs: Any) -> ClientForm:
    """Return the client form with its choices in the page's language."""
    form = ClientForm(**kwargs)
    tag = getattr(g, "locale_tag", "nl")
    form.preferred_locale.choices = [(loc.tag, loc.autonym) for loc in LOCALES]
    form.languages.choices = sorted(
        ((code, hp.language_name(code)) for code in client_service.SPOKEN_LANGUAGES),
        key=lambda pair: pair[1].casefold(),
    )
    form.dutch_level.choices = [(level, hp.dutch_level_label(level)) for level in DUTCH_LEVELS]
    form.weekdays.choices = [(day, weekday_name(day)) for day in WEEKDAYS]
    form.dayparts.choices = [(part, daypart_label(part)) for part in DAYPARTS]
    form.status.choices = [(s, hp.client_status_label(s)) for s in CLIENT_STATUSES]
    form.interests.choices = [
        (code, term.label(tag)) for code, term in get_taxonomy().activities.items()
    ]
    return form


def client_input(form: ClientForm) -> client_service.ClientInput:
    """Return the client service's input from a validated client form."""
    return client_service.ClientInput(
        reference_code=form.reference_code.data or "",
        first_name=form.first_name.data or "",
        languages=list(form.languages.data or []),
        preferred_locale=form.preferred_locale.data or "nl",
        dutch_level=form.dutch_level.data or "none",
        home_postcode=form.home_postcode.data or "",
        weekdays=list(form.weekdays.data or []),
        dayparts=list(form.dayparts.data or []),
        status=form.status.data or "obliged",
        contract_end_date=form.contract_end_date.data,
        contract_start_date=form.contract_start_date.data,
        interests=list(form.interests.data or []),
        email=form.email.data or "",
    )


def client_data(client: Client) -> dict[str, Any]:
    """Return a client's details as the client form's data, to edit them."""
    return {
        "reference_code": client.reference_code,
        "first_name": client.first_name or "",
        "preferred_locale": client.preferred_locale,
        "languages": list(client.languages or []),
        "dutch_level": client.dutch_level,
        "home_postcode": client.home_postcode or "",
        "weekdays": list(client.weekdays or []),
        "dayparts": list(client.dayparts or []),
        "status": client.status,
        "contract_end_date": client.contract_end_date,
        "contract_start_date": client.contract_start_date,
        "interests": list(client.interests or []),
        "email": client.email or "",
    }


class EraseForm(FlaskForm):
    """Confirm erasing everything about a client."""

    confirm = BooleanField(
        _l("Yes, erase everything about this client. This cannot be undone."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class HandoverForm(FlaskForm):
    """The warm handover: what the client wants, what is shared, and the consent."""

    wishes = TextAreaField(
        _l("What would the client like to do?"),
        validators=[Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )
    practical_needs = TextAreaField(
        _l("Practical needs"),
        description=_l("For example childcare, transport or accessibility."),
        validators=[Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )
    preferred_start = DateField(
        _l("Preferred start"), validators=[Optional()], description=_l("Optional.")
    )
    note = TextAreaField(
        _l("Note for the organisation"),
        validators=[Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )
    shared_fields = _checkboxes(
        _l("What do you share about the client?"),
        description=_l("Share only what the organisation needs to welcome the client."),
        validate_choice=False,
    )
    consent_given = BooleanField(_l("The client agrees that I share this with the organisation."))
    consent_date = DateField(_l("Date of the client's consent"), validators=[Optional()])


def handover_form(client: Client, **kwargs: Any) -> HandoverForm:
    """Return the handover form whose shareable fields show this client's values."""
    form = HandoverForm(**kwargs)
    values = dict(hp.shared_items_for_client(client))
    form.shared_fields.choices = [
        (name, f"{hp.shared_field_label(name)}: {values.get(name) or _('Not given')}")
        for name in handover_service.SHAREABLE_FIELDS
    ]
    return form


def handover_input(form: HandoverForm) -> handover_service.HandoverInput:
    """Return the handover service's input from a validated handover form."""
    return handover_service.HandoverInput(
        wishes=form.wishes.data or "",
        practical_needs=form.practical_needs.data or "",
        preferred_start=form.preferred_start.data,
        note=form.note.data or "",
        shared_fields=list(form.shared_fields.data or []),
        consent_given=bool(form.consent_given.data),
        consent_date=form.consent_date.data,
    )


class TextForm(FlaskForm):
    """One text: an answer to the organisation's question."""

    text = TextAreaField(
        _l("Your answer"),
        validators=[DataRequired(message=_l("Write your answer.")), Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )


class WithdrawForm(FlaskForm):
    """Withdraw a handover, optionally saying why."""

    reason = TextAreaField(
        _l("Why do you withdraw it?"),
        description=_l("Optional. The organisation does not see personal details."),
        validators=[Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 2},
    )


class PlainForm(FlaskForm):
    """A form with only the CSRF token (one-click actions)."""
