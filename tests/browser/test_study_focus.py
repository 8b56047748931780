"""Where the keyboard is on a study card: in the card from the start, on the next action after a
check; an empty choice asks before it is recorded as Again; "I was right" says what it counts and
asks; "Read in context" leads back to the same card."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quizzes.bank.sources import attach_text
from quizzes.models import Review
from tests.browser.test_arrange_flow import MATCH_QUESTION, make_set
from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SINGLE_QUESTION = """\
  - id: capital
    type: single
    prompt: أي مدينة هي العاصمة الاقتصادية لكازاخستان؟
    options:
      - {key: a, text: ألماتي}
      - {key: b, text: نور سلطان}
    answer: a
"""
SHORT_QUESTION = """\
  - id: president
    type: short
    prompt: من رئيس كازاخستان الذي طلب المساعدة؟
    answers:
      - text: توكايف
"""


def study(browser, live_server, user, path, language="ar"):
    context = browser.new_context(base_url=live_server.url, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, user)
    page.goto(path)
    return context, page


def focus_in(page, selector):
    return page.evaluate(f"() => !!document.activeElement.closest({selector!r})")


def serious(page):
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_after_check_the_focus_is_on_the_recommended_rating(browser, live_server, make_user, sample_set):
    context, page = study(browser, live_server, make_user("nour"), "/sets/sample/study/")
    try:
        expect(page.locator("#card input[name=response]")).to_be_focused()
        page.keyboard.type("2002")
        page.keyboard.press("Enter")
        expect(page.locator("#card .ratings [data-default]")).to_be_focused()
    finally:
        context.close()


def test_tab_from_a_new_match_card_stays_in_the_card(browser, live_server, make_user):
    make_set(make_user("author", instructor=True), "match-only", MATCH_QUESTION)
    context, page = study(browser, live_server, make_user("nour"), "/sets/match-only/study/")
    try:
        page.locator("table.match.arranged").wait_for()
        expect(page.locator("#card table.match select").first).to_be_focused()
        for _ in range(3):
            page.keyboard.press("Tab")
            assert focus_in(page, "#card"), page.evaluate("() => document.activeElement.outerHTML")
        assert "/settings/" not in page.url
        assert serious(page) == []
    finally:
        context.close()


def test_enter_with_nothing_chosen_asks_before_recording_again(browser, live_server, make_user):
    make_set(make_user("author", instructor=True), "single-only", SINGLE_QUESTION)
    student = make_user("nour")
    context, page = study(browser, live_server, student, "/sets/single-only/study/", language="en")
    try:
        expect(page.locator("#card .options input").first).to_be_focused()
        page.keyboard.press("Enter")
        ask = page.get_by_role("alertdialog")
        expect(ask).to_be_visible()
        expect(ask).to_contain_text("Nothing chosen: record as Again?")
        expect(ask.get_by_role("button", name="Choose an answer")).to_be_focused()
        assert not Review.objects.exists()
        assert serious(page) == []
        # Going back to the options records nothing.
        page.keyboard.press("Enter")
        expect(ask).to_be_hidden()
        expect(page.locator("#card .options input").first).to_be_focused()
        page.keyboard.press("Enter")
        ask.get_by_role("button", name="Record as Again").click()
        page.locator("#card .ratings").wait_for()
        expect(page.locator("#card .verdict")).to_have_class("verdict incorrect")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_i_was_right_says_what_it_counts_and_asks_first(browser, live_server, make_user, language):
    make_set(make_user("author", instructor=True), "short-only", SHORT_QUESTION)
    student = make_user("nour")
    context, page = study(browser, live_server, student, "/sets/short-only/study/", language=language)
    try:
        page.keyboard.type("توكايفف")
        page.keyboard.press("Enter")
        page.locator("#card .recorded").wait_for()
        claim = page.locator("#card details.override-confirm")
        yes = claim.locator("button[type=submit]")
        expect(yes).to_be_hidden()
        claim.locator("summary").click()
        if language == "en":
            expect(claim).to_contain_text("scheduled as Good")
            expect(claim).to_contain_text("instructors see your claim and may reject it")
        expect(yes).to_be_visible()
        assert serious(page) == []
        assert Review.objects.get().rating == 1
        yes.click()
        expect(page.locator("#card .verdict")).to_have_class("verdict correct")
        assert Review.objects.get(undone_at__isnull=True).rating == 3
    finally:
        context.close()


def test_read_in_context_leads_back_to_the_same_card(browser, live_server, make_user, sample_set):
    attach_text(sample_set.sources.get(key="doc0"), "\n".join(["تم إنشاء المنظمة في عام 2002."] * 3))
    context, page = study(browser, live_server, make_user("nour"), "/sets/sample/study/")
    try:
        page.keyboard.type("2002")
        page.keyboard.press("Enter")
        page.locator("#card a.in-context").first.click()
        page.wait_for_url("**/sources/doc0/**")
        page.locator(".actions a.button.primary").click()
        page.wait_for_url("**/sets/sample/study/#source-1")
        expect(page.locator("#card #source-1")).to_be_in_viewport()
        # The same card, still checked and waiting for its rating.
        expect(page.locator("#card .ratings")).to_be_visible()
        assert page.locator("#card article.question").get_attribute("data-type") == "number"
    finally:
        context.close()
