"""An instructor reorders a set's questions: by dragging one with the mouse, by its arrow buttons
from the keyboard, and without JavaScript; each new order is saved, and the live region says
where the question went. Nothing overflows a 360 px screen.

Set SCREENSHOT_DIR to keep screenshots of the list in Arabic and English, wide and at 360 px.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
LIST = "/authoring/sets/sample/questions/"
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def saved_order(qset):
    live = qset.questions.filter(retired_at__isnull=True).order_by("position", "id")
    return list(live.values_list("key", flat=True))


def shown_order(page):
    return page.locator("#question-list li[data-key]").evaluate_all("items => items.map(li => li.dataset.key)")


def open_list(browser, live_server, user, *, language="ar", viewport="wide", javascript=True):
    context = browser.new_context(
        base_url=live_server.url, locale=language, viewport=VIEWPORTS[viewport], java_script_enabled=javascript
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, user)
    page.goto(LIST)
    if javascript:
        page.locator("#question-list.sortable").wait_for()
    return context, page


def drag(page, key, onto):
    """Drags question `key` by its handle with the mouse, down past the middle of question `onto`."""
    page.locator(f"#q-{onto}").scroll_into_view_if_needed()
    page.locator(f"#q-{key} .drag-handle").scroll_into_view_if_needed()
    handle = page.locator(f"#q-{key} .drag-handle").bounding_box()
    target = page.locator(f"#q-{onto}").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    x = target["x"] + target["width"] / 2
    for fraction in (0.3, 0.6, 0.8, 0.9):
        page.mouse.move(x, target["y"] + target["height"] * fraction, steps=5)
    page.mouse.up()


def test_a_question_dragged_with_the_mouse_stays_where_it_was_dropped(browser, live_server, sample_set):
    context, page = open_list(browser, live_server, sample_set.owner)
    try:
        before = saved_order(sample_set)
        assert shown_order(page) == before
        drag(page, before[0], onto=before[2])
        expect(page.locator("#reorder-status")).to_have_text(f"نُقل السؤال إلى الموضع 3 من {len(before)}.")
        wanted = [before[1], before[2], before[0], *before[3:]]
        assert saved_order(sample_set) == wanted
        assert shown_order(page) == wanted
        page.reload()
        page.locator("#question-list.sortable").wait_for()
        assert shown_order(page) == wanted
        # The redrawn list can be dragged again.
        drag(page, wanted[3], onto=wanted[4])
        expect(page.locator("#reorder-status")).to_have_text(f"نُقل السؤال إلى الموضع 5 من {len(before)}.")
        assert saved_order(sample_set) == [*wanted[:3], wanted[4], wanted[3], *wanted[5:]]
    finally:
        context.close()


def test_the_arrow_buttons_work_from_the_keyboard_and_keep_the_focus(browser, live_server, sample_set):
    context, page = open_list(browser, live_server, sample_set.owner, language="en")
    try:
        before = saved_order(sample_set)
        down = page.locator(f"#q-{before[0]} form.move button[value=down]")
        down.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#reorder-status")).to_have_text(f"Moved to position 2 of {len(before)}.")
        # The focus stays on the same button of the moved question, so pressing again moves it on.
        assert page.evaluate("document.activeElement.closest('li').id") == f"q-{before[0]}"
        page.keyboard.press("Enter")
        expect(page.locator("#reorder-status")).to_have_text(f"Moved to position 3 of {len(before)}.")
        wanted = [before[1], before[2], before[0], *before[3:]]
        assert saved_order(sample_set) == wanted
        page.reload()
        assert shown_order(page) == wanted
        page.locator(f"#q-{before[0]} form.move button[value=up]").click()
        expect(page.locator("#reorder-status")).to_have_text(f"Moved to position 2 of {len(before)}.")
        assert saved_order(sample_set)[:3] == [before[1], before[0], before[2]]
    finally:
        context.close()


def test_without_javascript_the_arrow_buttons_still_move_a_question(browser, live_server, sample_set):
    context, page = open_list(browser, live_server, sample_set.owner, javascript=False)
    try:
        before = saved_order(sample_set)
        expect(page.locator(".drag-handle").first).to_be_hidden()
        page.locator(f"#q-{before[0]} form.move button[value=down]").click()
        page.wait_for_url(f"**{LIST}#q-{before[0]}")
        assert saved_order(sample_set)[:2] == [before[1], before[0]]
        assert page.locator("#question-list li[data-key]").first.get_attribute("data-key") == before[1]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_list_fits_the_screen(browser, live_server, sample_set, language, viewport):
    context, page = open_list(browser, live_server, sample_set.owner, language=language, viewport=viewport)
    try:
        expect(page.locator(".drag-handle").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/questions-{language}-{viewport}.png", full_page=True)
    finally:
        context.close()
