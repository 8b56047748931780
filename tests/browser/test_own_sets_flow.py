"""A student's own set in a real browser: made, filled by quick entry, studied, shared by link with
a classmate who copies and studies it; the owner revokes the link and it stops working.

Screenshots of the new pages, in Arabic and English, wide and at 360 px, go to SCREENSHOT_DIR when
it is set; at 360 px no page scrolls sideways."""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.bank import own_sets, writing
from quizzes.models import QuestionSet
from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
LINES = "كتاب\tbook\nقلم\tpen\nباب\tdoor\n"


def sign_in(browser, live_server, user, *, locale="ar", width=1280):
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, user)
    return context, page


def study_all(page):
    """Reveals and rates every card the study page shows (flashcards: Space, then Easy, which sends
    each card days away, so the session ends)."""
    for _ in range(10):
        if not page.locator("#card article.question").count():
            return
        page.keyboard.press("Space")
        page.locator("#card .ratings").wait_for()
        page.keyboard.press("Digit4")
        page.wait_for_timeout(300)


def test_a_student_makes_studies_and_shares_a_set_and_revokes_the_link(browser, live_server, make_user):
    sara, huda, nour = make_user("sara"), make_user("huda"), make_user("nour")
    context, page = sign_in(browser, live_server, sara)
    page.click("#own-sets a[href='/authoring/new/']")
    page.fill("#id_title", "مفردات الدرس الأول")
    page.locator("main form button.primary").click()
    page.wait_for_url("**/quick/")
    qset = QuestionSet.objects.get(owner=sara)
    assert qset.personal
    page.fill("#qe-lines", LINES)
    page.locator("button[value=preview]").click()
    expect(page.locator(".quick-rows tbody tr")).to_have_count(3)
    page.locator("button[value=save]").click()
    page.wait_for_url("**/questions/")
    assert qset.questions.count() == 3

    page.goto("/dashboard/")
    page.click(f"#own-sets a[href='/sets/{qset.slug}/study/']")
    page.wait_for_url("**/study/")
    study_all(page)
    assert sara.reviews.filter(question__question_set=qset).count() == 3

    page.goto("/dashboard/")
    page.click(f"#own-sets a[href='/authoring/sets/{qset.slug}/links/']")
    page.locator("main form button.primary").click()
    link = page.locator("#set-link").input_value()
    assert "/shared/" in link
    context.close()

    context, page = sign_in(browser, live_server, huda)
    page.goto(link)
    expect(page.locator("main h2")).to_have_text("مفردات الدرس الأول")
    page.locator("main form button.primary").click()
    copy = QuestionSet.objects.get(owner=huda)
    page.wait_for_url(f"**/sets/{copy.slug}/")
    assert copy.copied_from == qset and copy.questions.count() == 3
    page.click(f"main a[href='/sets/{copy.slug}/study/']")
    page.wait_for_url("**/study/")
    study_all(page)
    assert huda.reviews.filter(question__question_set=copy).count() == 3
    # Sara's own set is not hers to see.
    assert page.goto(f"/sets/{qset.slug}/").status == 404
    context.close()

    context, page = sign_in(browser, live_server, sara)
    page.goto(f"/authoring/sets/{qset.slug}/links/")
    expect(page.locator("table.set-links tbody tr")).to_have_count(1)
    page.locator("table.set-links button[type=submit]").click()
    expect(page.locator("table.set-links tbody button")).to_have_count(0)
    context.close()

    context, page = sign_in(browser, live_server, nour)
    assert page.goto(link).status == 410
    expect(page.locator("main [role=alert]")).to_have_count(1)
    assert not QuestionSet.objects.filter(owner=nour).exists()
    context.close()


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_new_pages_fit_in_either_language_and_width(browser, live_server, make_user, locale, width):
    sara, huda = make_user("sara"), make_user("huda")
    qset = own_sets.create_own_set(sara, title="مفردات الدرس الأول", description="كلمات من الدرس")
    for i, (prompt, back) in enumerate([("كتاب", "book"), ("قلم", "pen")]):
        writing.save_question(qset, {"id": f"w{i}", "type": "flashcard", "prompt": prompt, "back": back}, author=sara)
    token = own_sets.create_link(qset, timezone.now())
    pages = {
        "dashboard": "/dashboard/",
        "create": "/authoring/new/",
        "quick": f"/authoring/sets/{qset.slug}/quick/",
        "settings": f"/authoring/sets/{qset.slug}/settings/",
        "links": f"/authoring/sets/{qset.slug}/links/",
    }
    context, page = sign_in(browser, live_server, sara, locale=locale, width=width)
    for name, url in pages.items():
        page.goto(url)
        _check_and_shoot(page, f"own-{name}-{locale}-{width}", width)
    context.close()
    context, page = sign_in(browser, live_server, huda, locale=locale, width=width)
    page.goto(f"/shared/{token}/")
    _check_and_shoot(page, f"own-shared-{locale}-{width}", width)
    context.close()


def _check_and_shoot(page, name, width):
    if width <= 360:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
