"""Property-based fuzz of the public routes, the API and the staff pages: no 500 from input.

Hypothesis fills every route's path parameters and a set of query parameters with hostile
values (Unicode digits, huge numbers, CR/LF, control characters, long text); the app must
answer every one with something other than a server error.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanbodplatform.i18n import LOCALES

QUERY_NAMES = [
    "q", "page", "per_page", "near", "radius_km", "lat", "lon", "type", "activity", "lang",
    "weekday", "daypart", "dutch_level", "sort", "criteria", "free", "region", "municipality",
    "step", "status", "work", "enrolled", "ids", "next", "archived", "view", "facets",
]  # fmt: skip

hostile_text = st.one_of(
    st.sampled_from(
        ["²", "٣", "١٢", "９", "-1", "0", "1e9", "nan", "inf", "\r\n", "%0d%0a", "\x00",
         str(2**63), str(2**64), "9" * 40, "a,b,,", "../..", "//evil.example", "' OR 1=1 --",
         "<script>", "51.05,3.72", "9000", "club", "nl", "ar", "true"]  # fmt: skip
    ),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
query_strategy = st.dictionaries(
    st.sampled_from(QUERY_NAMES), st.lists(hostile_text, min_size=1, max_size=2), max_size=5
)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _get_rules(app, prefixes: tuple[str, ...]):  # type: ignore[no-untyped-def]
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        if rule.rule.startswith(prefixes):
            rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


def _path_strategy(rule):  # type: ignore[no-untyped-def]
    """Return a strategy for concrete paths of `rule`, with good and hostile parameters."""
    parts = {}
    for name, converter in rule._converters.items():
        if name == "lang":
            parts[name] = st.one_of(st.sampled_from([loc.tag for loc in LOCALES]), hostile_text)
        elif type(converter).__name__ in ("IdConverter", "IntegerConverter"):
            parts[name] = st.one_of(
                st.integers(min_value=0, max_value=2**70).map(str), hostile_text
            )
        else:
            parts[name] = hostile_text
    if not parts:
        return st.just(rule.rule)

    def build(values):  # type: ignore[no-untyped-def]
        path = rule.rule
        for name, value in values.items():
            placeholder = next(p for p in _placeholders(rule.rule) if p.endswith(f"{name}>"))
            path = path.replace(placeholder, quote(value or "x", safe=""))
        return path

    return st.fixed_dictionaries(parts).map(build)


def _placeholders(rule: str) -> list[str]:
    out, rest = [], rule
    while "<" in rest:
        start = rest.index("<")
        end = rest.index(">", start)
        out.append(rest[start : end + 1])
        rest = rest[end + 1 :]
    return out


def _fuzz(client, app, prefixes: tuple[str, ...], data):  # type: ignore[no-untyped-def]
    rules = _get_rules(app, prefixes)
    rule = data.draw(st.sampled_from(rules), label="rule")
    path = data.draw(_path_strategy(rule), label="path")
    query = data.draw(query_strategy, label="query")
    response = client.get(path, query_string=query)
    assert response.status_code < 500, (path, query, response.status_code)


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_public_pages_and_api_never_answer_a_server_error(client, app, data):
    _fuzz(client, app, ("/<lang>/", "/api/", "/<lang>", "/healthz"), data)


def _sign_in_admin(client, session):  # type: ignore[no-untyped-def]
    from aanbodplatform.models import User
    from aanbodplatform.services.accounts import hash_password, utcnow

    user = User(
        email="fuzz-admin@example.org",
        password_hash=hash_password("correct horse battery"),
        display_name="Admin",
        role="admin",
        email_confirmed_at=utcnow(),
    )
    session.add(user)
    session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = user.get_id()
        cookie["_fresh"] = True


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_staff_pages_never_answer_a_server_error(client, app, session, make_offer, data):
    if not session.query(__import__("aanbodplatform.models", fromlist=["User"]).User).count():
        _sign_in_admin(client, session)
        make_offer()
    _fuzz(
        client,
        app,
        (
            "/<lang>/moderation", "/<lang>/organisations", "/<lang>/editor",
            "/<lang>/counsellor", "/<lang>/handovers", "/<lang>/account",
        ),  # fmt: skip
        data,
    )


form_values = st.dictionaries(
    st.sampled_from(
        ["email", "password", "display_name", "locale", "confirm", "current_password",
         "new_password", "q", "reason", "message", "organisation_id"]  # fmt: skip
    ),
    hostile_text,
    max_size=5,
)


@pytest.mark.slow
@FUZZ
@given(
    path=st.sampled_from(
        ["/en/account/signup", "/en/account/signin", "/en/account/reset", "/nl/account/signin"]
    ),
    form=form_values,
    next_target=hostile_text,
)
def test_public_forms_never_answer_a_server_error(client, path, form, next_target):
    response = client.post(path, query_string={"next": next_target}, data=form)
    assert response.status_code < 500, (path, form, response.status_code)
