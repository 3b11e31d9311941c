"""One query, one page count: the public search page, search together and the API agree.

Before the search presenter, the public page said 1 page for no results and search together 0;
search together, asked for a page after the last, said "Nothing found" and offered a "Previous
page" link to another empty page. The rule now: pages = ceil(total / page_size), 0 without
results; a page after the last says so and links to the first page.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask import template_rendered

from aanbodplatform.web.search_presenter import page_count
from tests.factories import login, make_client, make_user

CHESS_CLUBS = 6


@pytest.fixture
def chess_clubs(make_offer):  # type: ignore[no-untyped-def]
    """Six published chess offers: the query `activity=chess` finds exactly these."""
    return [
        make_offer(f"Schaakclub {n}", activities=("chess",), offer_type="club")
        for n in range(1, CHESS_CLUBS + 1)
    ]


@contextmanager
def rendered(app):  # type: ignore[no-untyped-def]
    """Collect the context of every template the app renders meanwhile."""
    contexts: list[dict] = []

    def record(sender, template, context, **extra):  # type: ignore[no-untyped-def]
        contexts.append(context)

    template_rendered.connect(record, app)
    try:
        yield contexts
    finally:
        template_rendered.disconnect(record, app)


def _page_context(app, http_client, url: str) -> tuple[int, dict, str]:  # type: ignore[no-untyped-def]
    with rendered(app) as contexts:
        response = http_client.get(url)
    context = next(c for c in contexts if "page_count" in c)
    return response.status_code, context, response.text


@pytest.fixture
def together(session):  # type: ignore[no-untyped-def]
    """Return (counsellor, client) for search together."""
    counsellor = make_user(session, "counsellor")
    return counsellor, make_client(session, counsellor, preferred_locale="en")


# (page_size, page, expected page count, beyond the last page)
CASES = [
    (2, 1, 3, False),  # 6 hits at 2 a page: a multiple of the page size, no empty last page
    (4, 2, 2, False),  # the last page holds the 2 left over
    (6, 1, 1, False),
    (5, 3, 2, True),  # page 3 of 2
    (100, 1, 1, False),
]


@pytest.mark.parametrize(("page_size", "page", "pages", "beyond"), CASES)
def test_the_three_surfaces_count_the_same_pages(
    app, client, chess_clubs, together, page_size: int, page: int, pages: int, beyond: bool
) -> None:
    query = f"activity=chess&page_size={page_size}&page={page}"

    status, public, _html = _page_context(app, client, f"/en/search?{query}")
    assert status == 200
    assert (public["result"].total, public["page_count"], public["beyond_last_page"]) == (
        CHESS_CLUBS, pages, beyond,
    )  # fmt: skip

    counsellor, person = together
    login(client, counsellor)
    status, side_by_side, html = _page_context(
        app, client, f"/en/counsellor/clients/{person.id}/search?together=1&{query}"
    )
    assert status == 200
    assert (side_by_side["result"].total, side_by_side["page_count"]) == (CHESS_CLUBS, pages)
    assert side_by_side["beyond_last_page"] is beyond

    body = client.get(f"/api/v1/offers?{query}").get_json()
    assert (body["total"], body["page_size"], body["page"]) == (CHESS_CLUBS, page_size, page)
    # The API's last page is the last one with hits, and the page after it is empty.
    last = client.get(f"/api/v1/offers?activity=chess&page_size={page_size}&page={pages}")
    after = client.get(f"/api/v1/offers?activity=chess&page_size={page_size}&page={pages + 1}")
    assert last.get_json()["hits"] and after.get_json()["hits"] == []
    assert page_count(body["total"], body["page_size"]) == pages


def test_no_result_is_zero_pages_everywhere(app, client, chess_clubs, together) -> None:
    query = "activity=chess&free=1&wheelchair=1&type=internship"
    status, public, _html = _page_context(app, client, f"/en/search?{query}")
    assert (status, public["result"].total, public["page_count"]) == (200, 0, 0)
    assert public["beyond_last_page"] is False

    counsellor, person = together
    login(client, counsellor)
    status, side_by_side, _html = _page_context(
        app, client, f"/en/counsellor/clients/{person.id}/search?together=1&{query}"
    )
    assert (status, side_by_side["result"].total, side_by_side["page_count"]) == (200, 0, 0)

    body = client.get(f"/api/v1/offers?{query}").get_json()
    assert (body["total"], body["hits"]) == (0, [])


def test_a_page_after_the_last_says_so_in_search_together(
    app, client, chess_clubs, together
) -> None:
    counsellor, person = together
    login(client, counsellor)
    response = client.get(
        f"/en/counsellor/clients/{person.id}/search?together=1&activity=chess&page_size=5&page=3"
    )
    assert response.status_code == 200
    html = response.text
    assert "There are no offers on this page." in html
    assert "Nothing found. Remove a filter or search further away." not in html
    assert 'rel="prev"' not in html  # no link to page 2 of 2 from an empty page 3
    assert "page=1" in html  # "Go to the first page"


def test_a_bad_page_is_the_same_400_on_every_surface(app, client, together) -> None:
    assert client.get("/en/search?page=0").status_code == 400
    counsellor, person = together
    login(client, counsellor)
    assert client.get(
        f"/en/counsellor/clients/{person.id}/search?together=1&page=0"
    ).status_code == 400
    response = client.get("/api/v1/offers?page=0")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "page"


@pytest.mark.parametrize(
    ("total", "page_size", "pages"),
    [(0, 20, 0), (1, 20, 1), (20, 20, 1), (21, 20, 2), (40, 20, 2), (41, 20, 3), (5, 1, 5)],
)
def test_the_page_count_rule(total: int, page_size: int, pages: int) -> None:
    assert page_count(total, page_size) == pages
