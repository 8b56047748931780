"""Staff register an LMS in the browser: the tool's addresses are shown, the form is filled, the
platform is listed, and the signing key rotates with the old one still published."""

import os
from pathlib import Path

import pytest

from quizzes.models import LtiPlatform, LtiToolKey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The README's pictures of the tool's side (docs/lti/) are taken with SCREENSHOT_DIR set.
SHOTS = os.environ.get("SCREENSHOT_DIR")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_staff_register_an_lms_and_rotate_the_key(page, login, make_user, live_server):
    login(make_user("staff", is_staff=True, language="en"))
    page.goto("/teaching/lms/")
    assert page.locator("code", has_text="/lti/launch/").count() == 1
    assert page.locator("code", has_text="/lti/jwks.json").count() == 1
    page.click("a[href='/teaching/lms/new/']")
    page.fill("#id_name", "Moodle المدرسة")
    page.fill("#id_issuer", "https://moodle.school.example")
    page.fill("#id_client_id", "AbC123")
    page.fill("#id_key_set_url", "https://moodle.school.example/mod/lti/certs.php")
    page.fill("#id_auth_login_url", "https://moodle.school.example/mod/lti/auth.php")
    page.fill("#id_auth_token_url", "https://moodle.school.example/mod/lti/token.php")
    page.fill("#id_deployments", "   \n  ")
    page.click("form.stack button[type=submit]")
    # Only blank lines: refused on the field, nothing saved.
    assert page.locator("#id_deployments_error").count() == 1
    assert not LtiPlatform.objects.exists()
    page.fill("#id_deployments", "7\n7\n8")
    shoot(page, "lti-register")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/teaching/lms/")
    platform = LtiPlatform.objects.get()
    assert platform.deployment_ids == ["7", "8"]
    assert page.locator("table.lti-platforms td", has_text="AbC123").count() == 1
    shoot(page, "lti-platforms")
    first = LtiToolKey.objects.get()
    page.click("form[action='/teaching/lms/keys/rotate/'] button")
    page.wait_for_url("**/teaching/lms/")
    keyset = page.request.get(live_server.url + "/lti/jwks.json").json()
    assert {k["kid"] for k in keyset["keys"]} == set(LtiToolKey.objects.values_list("kid", flat=True))
    assert first.kid in {k["kid"] for k in keyset["keys"]} and len(keyset["keys"]) == 2
