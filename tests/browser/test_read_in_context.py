"""A student checks an answer, opens "Read in context" and lands on the quote, highlighted in its article.

Screenshots of the answer side and the article (Arabic, English, 360 px) go to SCREENSHOT_DIR
when it is set.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quizzes.bank.sources import attach_text
from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
QUOTE = "تم إنشاء المنظمة في عام 2002"
# A long article, so that landing on the quote means the page scrolled to it.
ARTICLE = "\n".join(
    [f"فقرة {i}: أثار وصول مظليين روس إلى كازاخستان مخاوف غربية اقترنت بحالة ترقب طويلة." for i in range(1, 40)]
    + [f"{QUOTE} على أساس اتفاقية قديمة بشأن الأمن الجماعي."]
    + [f"فقرة لاحقة {i} عن آسيا الوسطى." for i in range(1, 20)]
)


@pytest.mark.parametrize(
    ("language", "width", "label"),
    [("ar", 1280, "اقرأ في السياق"), ("en", 1280, "Read in context"), ("ar", 360, "اقرأ في السياق")],
)
def test_a_student_reads_the_quote_of_a_checked_answer_in_its_article(
    browser, live_server, make_user, sample_set, language, width, label
):
    attach_text(sample_set.sources.get(key="doc0"), ARTICLE)
    student = make_user("sara", language=language)
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": width, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, student)
        page.goto("/sets/sample/study/")
        assert page.locator("#card article.question").get_attribute("data-type") == "number"
        page.keyboard.type("2002")
        page.keyboard.press("Enter")
        page.locator("#card .ratings").wait_for()
        link = page.get_by_role("link", name=label)
        expect(link).to_be_visible()
        shoot(page, f"answer-{language}-{width}")

        link.click()
        page.wait_for_url("**/sets/sample/sources/doc0/**")
        mark = page.locator("mark#quote")
        expect(mark).to_have_text(QUOTE)
        expect(mark).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 0  # the page opened at the quote, not at its top
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == []
        shoot(page, f"article-{language}-{width}")
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, f"article-top-{language}-{width}")

        page.get_by_role("link", name="العودة إلى الدراسة" if language == "ar" else "Back to studying").click()
        # Back at the card it came from: the study page at the card's source.
        page.wait_for_url("**/sets/sample/study/#source-1")
        # The checked card is still open, waiting for its rating.
        page.locator("#card .ratings").wait_for()
    finally:
        context.close()


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=False)
