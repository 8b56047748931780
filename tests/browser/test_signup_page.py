"""The signup page in each language: the password rules listed under the field, a weak password's
errors right below them, all in the page's language. Set SCREENSHOT_DIR to keep shots."""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
TOO_SHORT = {
    "ar": "كلمة المرور هذه قصيرة جدًا: يجب أن تتكون من 8 أحرف على الأقل.",
    "en": "This password is too short. It must contain at least 8 characters.",
}


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_weak_password_is_explained_beside_the_password(browser, live_server, language, width):
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto("/signup/")
        assert page.locator("#id_password1_helptext li").count() == 4
        page.fill("#id_username", "layla")
        page.fill("#id_password1", "1234")
        page.fill("#id_password2", "1234")
        page.click("form.stack button[type=submit]")
        errors = page.locator("#id_password1_error li")
        errors.first.wait_for()
        assert TOO_SHORT[language] in errors.all_inner_texts()
        assert page.locator("#id_password2_error").count() == 0
        # The errors sit right under the password's rules, before the confirmation field.
        rules = page.locator("#id_password1_helptext").bounding_box()
        first_error = errors.first.bounding_box()
        confirmation = page.locator("#id_password2").bounding_box()
        assert rules["y"] < first_error["y"] < confirmation["y"]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/signup-errors-{language}-{width}.png", full_page=True)
    finally:
        context.close()
