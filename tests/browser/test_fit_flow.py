"""A student with enough reviews fits their schedule, sees how the defaults and the fit predicted
their latest reviews, and goes back to the defaults: in Arabic and English, wide and at 360 px,
with no serious accessibility violation and nothing scrolling sideways.

Set SCREENSHOT_DIR to keep a screenshot of each step."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests import review_histories
from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def check(page, axe, name, language, width):
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    serious = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name} [{language}, {width}]: {serious}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} [{language}, {width}] is {overflow}px wider than the screen"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator("#fit").scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/{name}-{language}-{width}.png", full_page=width == "phone")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_student_fits_sees_the_figures_and_goes_back_to_the_defaults(
    browser, live_server, axe, student, language, width
):
    review_histories.write(student, review_histories.forgetful())
    context = browser.new_context(base_url=live_server.url, locale=language, viewport=WIDTHS[width])
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, student)
        page.goto(reverse("my_report"))
        fit = page.locator("#fit")
        assert "400" in fit.inner_text()
        fit.locator(f'form[action="{reverse("fit_schedule")}"] button').click()
        page.wait_for_selector(".fit-in-use")
        figures = fit.locator("table.fit-figures")
        before = float(figures.locator(".fit-log-loss-before").inner_text())
        after = float(figures.locator(".fit-log-loss-after").inner_text())
        assert after < before
        assert figures.locator(".fit-rmse-before").inner_text() and figures.locator(".fit-rmse-after").inner_text()
        check(page, axe, "fit-fitted", language, width)

        fit.locator(f'form[action="{reverse("fit_defaults")}"] button').click()
        page.wait_for_selector(".fit-defaults")
        assert fit.locator(f'form[action="{reverse("fit_defaults")}"]').count() == 0
        assert fit.locator(f'form[action="{reverse("fit_schedule")}"]').count() == 1  # fitting again is possible
        check(page, axe, "fit-defaults", language, width)
        student.refresh_from_db()
        assert student.fsrs_parameters is None
    finally:
        context.close()
