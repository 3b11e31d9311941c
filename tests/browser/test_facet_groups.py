"""The activity filter grouped by family: groups open and close, a chosen activity's group opens."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MOBILE

pytestmark = pytest.mark.browser


def test_activity_groups_open_close_and_stay_open_once_chosen(live_server, page):
    page.set_viewport_size(MOBILE)
    page.goto(live_server("/en/search?criteria=all"))
    if page.locator("#filters").get_attribute("open") is None:
        page.locator("#filters > summary").click()
    sport = page.locator("details.facet-group", has=page.locator("#f-activity-football"))
    assert sport.locator("summary").inner_text().startswith("Sport and exercise")
    assert not page.locator("#f-activity-football").is_visible()
    sport.locator("summary").click()
    assert page.locator("#f-activity-football").is_visible()
    page.locator("#f-activity-football").check()
    page.wait_for_url(re.compile(r"activity=football"))
    if page.locator("#filters").get_attribute("open") is None:
        page.locator("#filters > summary").click()
    assert page.locator("#f-activity-football").is_visible()
    assert page.locator("#f-activity-football").is_checked()
    # Other groups stay closed, their summaries reachable by keyboard.
    food = page.locator("details.facet-group", has=page.locator("#f-activity-cooking"))
    assert food.get_attribute("open") is None
