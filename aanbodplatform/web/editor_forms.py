"""The offer editor's forms: one per step, every field labelled, messages in the user's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField, FieldList, FormField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from aanbodplatform.i18n import BY_TAG
from aanbodplatform.models.offers import AUDIENCES, COST_UNITS, JOIN_WAYS
from aanbodplatform.services.offer_editing import LIMITS, TRANSLATION_LOCALES
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

# --- fields whose parse errors speak the user's language -----------------------------------


class WholeNumberField(IntegerField):
    """A whole number, or nothing."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the number; an unreadable value is an error in the user's language."""
        raw = (valuelist[0] if valuelist else "") or ""
        if not str(raw).strip():
            self.data = None
            return
        try:
            self.data = int(str(raw).strip())
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Enter a whole number, like 12."))) from None


class DayField(DateField):
    """A date (year-month-day), or nothing."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the date; an unreadable value is an error in the user's language."""
        raw = (valuelist[0] if valuelist else "") or ""
        if not raw.strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(raw.strip())
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Enter a date like 2026-09-30."))) from None


class ClockField(TimeField):
    """A time of day (hours:minutes), or nothing."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the time; an unreadable value is an error in the user's language."""
        raw = (valuelist[0] if valuelist else "") or ""
        if not raw.strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(raw.strip()[:5], "%H:%M").time()
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Enter a time like 19:30."))) from None


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Leave unknown values to the service, which explains them in the user's language."""


YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


def yes_no(value: Any) -> str | None:
    """Return "yes"/"no" for a boolean (None stays None), for radio buttons."""
    if value is None:
        return None
    return "yes" if value else "no"


def as_bool(value: str | None) -> bool | None:
    """Return True/False for a "yes"/"no" answer, None when unanswered."""
    return {"yes": True, "no": False}.get(value or "")


def _type_choices() -> list[tuple[str, str]]:
    tag = getattr(g, "locale_tag", "nl")
    return [
        SelectChoice(code, term.label(tag)) for code, term in get_taxonomy().offer_types.items()
    ]


def _activity_choices() -> list[tuple[str, str]]:
    tag = getattr(g, "locale_tag", "nl")
    return sorted(
        (SelectChoice(code, term.label(tag)) for code, term in get_taxonomy().activities.items()),
        key=lambda item: item.label.casefold(),
    )


def _text(limit_key: str) -> dict[str, Any]:
    return {"maxlength": LIMITS[limit_key]}


# --- steps ---------------------------------------------------------------------------------


class BasicsForm(FlaskForm):
    """Step 1: type, activities and the Dutch title."""

    offer_type = RadioField(_l("Type of offer"), choices=_type_choices, validate_choice=False)
    activities = CheckboxListField(
        _l("Activities"),
        description=_l("Choose what participants do. Several answers are possible."),
        choices=_activity_choices,
    )
    title_nl = StringField(
        _l("Title in Dutch"),
        description=_l("Short and clear, like “Praattafel in de bibliotheek”."),
        render_kw=_text("title_nl"),
    )


class TextsForm(FlaskForm):
    """Step 2: the Dutch summary and description."""

    summary_nl = TextAreaField(
        _l("Summary in Dutch"),
        description=_l("One or two sentences. Newcomers see this in the search results."),
        render_kw={**_text("summary_nl"), "rows": 3},
    )
    description_nl = TextAreaField(
        _l("Description in Dutch"),
        description=_l("What happens, who takes part, what to bring. Use simple Dutch."),
        render_kw={**_text("description_nl"), "rows": 8},
    )


class LocationForm(Form):
    """One place where the offer happens."""

    id = HiddenField()
    name = StringField(
        _l("Name of the place"),
        description=_l("Optional, like “Bibliotheek De Krook”."),
        render_kw=_text("location_name"),
    )
    street = StringField(_l("Street and number"), render_kw=_text("street"))
    postcode = StringField(_l("Postcode"), render_kw={"inputmode": "numeric", "maxlength": 4})
    municipality = StringField(_l("Municipality"))
    lat = StringField(_l("Latitude"), render_kw={"inputmode": "decimal"})
    lon = StringField(_l("Longitude"), render_kw={"inputmode": "decimal"})
    pin_moved = HiddenField()
    remove = BooleanField(_l("Remove this place"))


class PlacesForm(FlaskForm):
    """Step 3: one or more places."""

    locations = FieldList(FormField(LocationForm), min_entries=0)


def _weekday_choices() -> list[tuple[str, str]]:
    from aanbodplatform.web.presenters import weekday_name

    return [SelectChoice("", str(_l("Choose a day")))] + [
        SelectChoice(d, weekday_name(d)) for d in WEEKDAYS
    ]


def _daypart_choices() -> list[tuple[str, str]]:
    names = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}
    return [SelectChoice("", str(_l("From the start time")))] + [
        SelectChoice(d, str(names[d])) for d in DAYPARTS
    ]


class SlotForm(Form):
    """One weekly moment."""

    weekday = SelectField(_l("Day"), choices=_weekday_choices, validate_choice=False)
    starts_at = ClockField(_l("From"), validators=[Optional()])
    ends_at = ClockField(_l("Until"), validators=[Optional()])
    daypart = SelectField(_l("Part of the day"), choices=_daypart_choices, validate_choice=False)
    remove = BooleanField(_l("Remove this moment"))


class ScheduleForm(FlaskForm):
    """Step 4: when."""

    schedule_kind = RadioField(
        _l("When does it happen?"),
        choices=[
            SelectChoice("weekly", _l("Every week at fixed moments")),
            SelectChoice("by_arrangement", _l("By arrangement")),
        ],
        validate_choice=False,
    )
    slots = FieldList(FormField(SlotForm), min_entries=0)
    schedule_note = TextAreaField(
        _l("Note about the schedule"),
        description=_l("Optional, like “not during school holidays”."),
        render_kw={**_text("schedule_note"), "rows": 2},
    )
    start_date = DayField(_l("First day"), description=_l("Optional."), validators=[Optional()])
    end_date = DayField(_l("Last day"), description=_l("Optional."), validators=[Optional()])


def _level_choices() -> list[tuple[str, str]]:
    names = {
        "none": _l("No Dutch needed yet"),
        "A1": _l("A1: a few words"),
        "A2": _l("A2: simple sentences"),
        "B1": _l("B1: everyday conversations"),
    }
    return [SelectChoice(level, str(names[level])) for level in DUTCH_LEVELS]


def _unit_choices() -> list[tuple[str, str]]:
    names = {
        "once": _l("Once"),
        "session": _l("Each time"),
        "month": _l("Each month"),
        "year": _l("Each year"),
    }
    return [SelectChoice(code, str(names[code])) for code in COST_UNITS]


def _audience_choices() -> list[tuple[str, str]]:
    from aanbodplatform.web.presenters import audience_label

    return [SelectChoice(code, audience_label(code)) for code in AUDIENCES]


def _join_choices() -> list[tuple[str, str]]:
    names = {
        "walk_in": _l("They just come along"),
        "contact_first": _l("They call or mail first"),
        "register": _l("They sign up first"),
    }
    return [SelectChoice(code, str(names[code])) for code in JOIN_WAYS]


class PracticalForm(FlaskForm):
    """Step 5: places, Dutch level, cost, accessibility and insurance."""

    capacity = WholeNumberField(
        _l("Number of places"), description=_l("Optional."), validators=[Optional()]
    )
    places_free = WholeNumberField(
        _l("Free places now"), description=_l("Optional."), validators=[Optional()]
    )
    dutch_level = RadioField(
        _l("Dutch level that is welcome"), choices=_level_choices, validate_choice=False
    )
    free = RadioField(_l("Is it free?"), choices=YES_NO, validate_choice=False)
    cost_amount = StringField(
        _l("Amount in euro"),
        description=_l("When it is not free, like 2,50."),
        render_kw={"inputmode": "decimal", "maxlength": 9},
    )
    cost_unit = RadioField(_l("The amount is paid"), choices=_unit_choices, validate_choice=False)
    reduced_uitpas = BooleanField(_l("Cheaper with an UiTPAS with reduced rate"))
    reduced_social_tariff = BooleanField(_l("A social tariff is possible"))
    cost_note = StringField(
        _l("Note about the cost"),
        description=_l("Optional, in Dutch. Newcomers see the amount in their own language."),
        render_kw=_text("cost_note"),
    )
    audience = CheckboxListField(
        _l("Who is it for?"),
        description=_l("Leave empty when every adult is welcome."),
        choices=_audience_choices,
    )
    join_how = RadioField(_l("How do newcomers join?"), choices=_join_choices, validate_choice=False)
    transit_stop = StringField(
        _l("Public transport stop nearby"),
        description=_l("Optional: the name of the bus, tram or train stop."),
        render_kw={"maxlength": 120},
    )
    wheelchair = RadioField(
        _l("Can people in a wheelchair take part?"), choices=YES_NO, validate_choice=False
    )
    accessibility_note = TextAreaField(
        _l("Accessibility"),
        description=_l("Optional: steps, lift, toilets, hearing loop."),
        render_kw={**_text("accessibility_note"), "rows": 2},
    )
    insurance_note = TextAreaField(
        _l("Insurance"),
        description=_l("Which insurance does your organisation provide for participants?"),
        render_kw={**_text("insurance_note"), "rows": 2},
    )


class ContactForm(Form):
    """One contact person."""

    id = HiddenField()
    name = StringField(_l("Name"), render_kw=_text("contact_name"))
    email = StringField(_l("Email address"), render_kw={"type": "email", "maxlength": 254})
    phone = StringField(_l("Phone"), render_kw={"type": "tel", "maxlength": 40})
    signs_proof = BooleanField(_l("Signs the proof of participation (bewijs van deelname)"))
    remove = BooleanField(_l("Remove this person"))


class ContactsForm(FlaskForm):
    """Step 6: contact persons."""

    contacts = FieldList(FormField(ContactForm), min_entries=0)


class CriteriaForm(FlaskForm):
    """Step 7: the two PNT criteria as explicit questions with an explanation each."""

    dutch_context = RadioField(
        _l("Do participants practise Dutch with people who speak it fluently?"),
        choices=YES_NO,
        validate_choice=False,
    )
    dutch_context_evidence = TextAreaField(
        _l("How do participants practise Dutch with fluent speakers?"),
        description=_l(
            "Explain who speaks Dutch with them and when. The local government reads this."
        ),
        render_kw={**_text("dutch_context_evidence"), "rows": 4},
    )
    social_participation = RadioField(
        _l("Do participants meet new people, in a pair or in a group?"),
        choices=YES_NO,
        validate_choice=False,
    )
    social_participation_evidence = TextAreaField(
        _l("How do participants meet new people, in a pair or group?"),
        description=_l("Explain with whom they do the activity and how often."),
        render_kw={**_text("social_participation_evidence"), "rows": 4},
    )


def _translator_choices() -> list[tuple[str, str]]:
    return [
        SelectChoice("organisation", str(_l("Our organisation"))),
        SelectChoice("volunteer", str(_l("A volunteer"))),
        SelectChoice("counsellor", str(_l("A counsellor"))),
    ]


class TranslationForm(Form):
    """The title, summary and description in one language, with who translated them."""

    locale = HiddenField()
    title = StringField(_l("Title"), render_kw={"maxlength": LIMITS["translation_title"]})
    summary = TextAreaField(
        _l("Summary"), render_kw={"maxlength": LIMITS["translation_summary"], "rows": 2}
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("Optional."),
        render_kw={"maxlength": LIMITS["description_nl"], "rows": 6},
    )
    translated_by = SelectField(
        _l("Translated by"), choices=_translator_choices, validate_choice=False
    )


class TranslationsForm(FlaskForm):
    """Step 8: translations of the title, summary and description."""

    translations = FieldList(FormField(TranslationForm), min_entries=0)


STEP_FORMS: dict[str, type[FlaskForm]] = {
    "basics": BasicsForm,
    "texts": TextsForm,
    "places": PlacesForm,
    "schedule": ScheduleForm,
    "practical": PracticalForm,
    "contacts": ContactsForm,
    "criteria": CriteriaForm,
    "translations": TranslationsForm,
}


def step_title(step: str) -> str:
    """Return the name of an editor step in the page language."""
    titles = {
        "basics": _l("Type and title"),
        "texts": _l("Description"),
        "places": _l("Places"),
        "schedule": _l("When"),
        "practical": _l("Practical"),
        "contacts": _l("Contact persons"),
        "criteria": _l("The two criteria"),
        "translations": _l("Translations"),
    }
    return str(titles.get(step, step))


def locale_name(tag: str) -> str:
    """Return a UI language's own name."""
    return BY_TAG[tag].autonym if tag in BY_TAG else tag


# --- between forms and the service ---------------------------------------------------------


def form_for(step: str, offer: Any, values: dict[str, Any], formdata: Any = None) -> FlaskForm:
    """Return the step's form, filled from the offer (GET) or the submitted data (POST)."""
    form_class = STEP_FORMS[step]
    if formdata is not None:
        form = form_class()
        _ensure_blank_row(form, step)
        return form
    data: dict[str, Any] = {}
    if step == "basics":
        data = {
            "offer_type": values["offer_type"],
            "activities": values["activities"],
            "title_nl": values["title_nl"],
        }
    elif step == "texts":
        data = {"summary_nl": values["summary_nl"], "description_nl": values["description_nl"]}
    elif step == "places":
        data = {
            "locations": [
                {
                    "id": str(loc.id),
                    "name": loc.name,
                    "street": loc.street,
                    "postcode": loc.postcode,
                    "municipality": _municipality_name(loc.municipality_nis),
                    "lat": _coord(loc.lat),
                    "lon": _coord(loc.lon),
                }
                for loc in offer.locations
            ]
        }
    elif step == "schedule":
        data = {
            "schedule_kind": values["schedule_kind"],
            "slots": [
                {
                    "weekday": s.weekday or "",
                    "starts_at": s.starts_at,
                    "ends_at": s.ends_at,
                    "daypart": s.daypart or "",
                }
                for s in offer.slots
            ],
            "schedule_note": values["schedule_note"],
            "start_date": values["start_date"],
            "end_date": values["end_date"],
        }
    elif step == "practical":
        data = {
            "capacity": values["capacity"],
            "places_free": values["places_free"],
            "dutch_level": values["dutch_level"],
            "free": yes_no(values["free"]),
            "cost_note": values["cost_note"],
            "cost_amount": _amount_text(values["cost_amount_cents"]),
            "cost_unit": values["cost_unit"],
            "reduced_uitpas": values["reduced_uitpas"],
            "reduced_social_tariff": values["reduced_social_tariff"],
            "audience": [c for c in (values["audience"] or "").split(",") if c],
            "join_how": values["join_how"],
            "transit_stop": values["transit_stop"],
            "wheelchair": yes_no(values["wheelchair"]),
            "accessibility_note": values["accessibility_note"],
            "insurance_note": values["insurance_note"],
        }
    elif step == "contacts":
        data = {
            "contacts": [
                {
                    "id": str(c.id),
                    "name": c.name,
                    "email": c.email,
                    "phone": c.phone,
                    "signs_proof": c.signs_proof,
                }
                for c in offer.contacts
            ]
        }
    elif step == "criteria":
        evidence_given = bool((values["dutch_context_evidence"] or "").strip())
        meet_given = bool((values["social_participation_evidence"] or "").strip())
        data = {
            # A fresh draft has no answer yet: leave the radio buttons empty, not "no".
            "dutch_context": yes_no(values["dutch_context"])
            if evidence_given or values["dutch_context"]
            else None,
            "dutch_context_evidence": values["dutch_context_evidence"],
            "social_participation": yes_no(values["social_participation"])
            if meet_given or values["social_participation"]
            else None,
            "social_participation_evidence": values["social_participation_evidence"],
        }
    elif step == "translations":
        rows = []
        for tag in TRANSLATION_LOCALES:
            found = offer.translation(tag)
            rows.append(
                {
                    "locale": tag,
                    "title": found.title if found else "",
                    "summary": found.summary if found else "",
                    "description": (found.description or "") if found else "",
                    "translated_by": found.translated_by if found else "organisation",
                }
            )
        data = {"translations": rows}
    form = form_class(formdata=None, data=data)
    _ensure_blank_row(form, step)
    return form


def _amount_text(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d}" if cents % 100 else str(cents // 100)


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _municipality_name(nis: str | None) -> str:
    from aanbodplatform.services.regions import municipalities

    info = municipalities().get(nis or "")
    return info.name_nl if info else ""


_LIST_FIELDS = {"places": "locations", "schedule": "slots", "contacts": "contacts"}


def _ensure_blank_row(form: FlaskForm, step: str) -> None:
    # Without JavaScript, an empty row at the end is how one more place/moment/person is added.
    name = _LIST_FIELDS.get(step)
    if name is None:
        return
    field = form[name]
    entries = field.entries
    if not entries or any(_row_has_values(e.form) for e in entries[-1:]):
        field.append_entry()


def _row_has_values(form: Form) -> bool:
    for sub in form:
        if sub.name.endswith(("-remove", "-id", "-pin_moved", "-daypart", "-signs_proof")):
            continue
        if sub.data not in (None, "", False):
            return True
    return False


def values_from(step: str, form: FlaskForm) -> dict[str, Any]:
    """Return the plain values the service expects from a submitted step form."""
    data = form.data
    if step in ("basics", "texts"):
        return {k: v for k, v in data.items() if k != "csrf_token"}
    if step == "places":
        return {"locations": _rows(data["locations"])}
    if step == "schedule":
        return {
            "schedule_kind": data["schedule_kind"],
            "slots": _rows(data["slots"]),
            "schedule_note": data["schedule_note"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
        }
    if step == "practical":
        return {
            **{k: v for k, v in data.items() if k != "csrf_token"},
            "free": as_bool(data["free"]),
            "wheelchair": as_bool(data["wheelchair"]),
        }
    if step == "contacts":
        return {"contacts": _rows(data["contacts"])}
    if step == "criteria":
        return {
            **{k: v for k, v in data.items() if k != "csrf_token"},
            "dutch_context": as_bool(data["dutch_context"]),
            "social_participation": as_bool(data["social_participation"]),
        }
    if step == "translations":
        return {
            "translations": [{**row, "_index": i} for i, row in enumerate(data["translations"])]
        }
    return {}


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for index, row in enumerate(rows):
        if row.get("remove"):
            continue
        out.append({**row, "_index": index})
    return out
