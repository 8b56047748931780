"""On a 360 px phone the four ratings of a checked card share one row and stay on screen while the
student reads a long explanation; the Arabic font is the app's own. Set SCREENSHOT_DIR to keep shots."""

import os
import textwrap
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quizzes.bank.importing import import_set, parse_bytes
from tests.browser.test_arrange_flow import ORDER_QUESTION, make_set
from tests.conftest import log_in, signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("SCREENSHOT_DIR")

LONG_CARD = textwrap.dedent(
    """\
    slug: long-card
    title: بطاقة بشرح طويل
    language: ar
    public: true
    sources:
      - id: doc0
        title: لماذا سارعت موسكو لإرسال قواتها إلى كازاخستان؟
        file: 000_28bbfae33bae9d50.txt
    questions:
      - id: medvedev
        type: flashcard
        prompt: معيار ميدفيديف لاستخدام قوات المنظمة
        back: انتهاك حدود دولة عضو من الخارج، أي عدوان خارجي على أحد الأعضاء، لا احتجاجات داخلية.
        explanation: {explanation}
        sources:
          - doc: doc0
            quote: تم إنشاء المنظمة في عام 2002 على أساس اتفاقية قديمة بشأن الأمن الجماعي
          - doc: doc0
            quote: في هذه الحالة فقط يمكننا التدخل
    """
).format(explanation="قال ميدفيديف إن قوات المنظمة لا تتدخل إلا إذا انتُهكت حدود دولة عضو من الخارج. " * 8)


def fonts_drawing(page, selector):
    """The fonts Chromium actually drew the element's text with (not what the CSS asked for)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def open_checked_card(browser, live_server, make_user, language):
    owner = make_user("author", instructor=True)
    import_set(parse_bytes(LONG_CARD.encode(), "long-card.yaml"), owner=owner)
    student = make_user("layla")
    context = browser.new_context(base_url=live_server.url, locale=language, viewport=PHONE, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, student)
    page.goto("/sets/long-card/study/")
    page.locator("#card [data-key=check]").click()
    page.locator("#card .ratings button[data-rating='4']").wait_for()
    page.evaluate("() => document.fonts.ready")
    return context, page


def rating_boxes(page):
    return [button.bounding_box() for button in page.locator("#card .ratings button.rate").all()]


def assert_one_row_on_screen(boxes):
    assert len(boxes) == 4
    tops = {round(box["y"]) for box in boxes}
    assert max(tops) - min(tops) <= 1, f"the ratings wrap: {boxes}"
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_four_ratings_share_one_row_within_reach_on_a_phone(browser, live_server, make_user, language):
    context, page = open_checked_card(browser, live_server, make_user, language)
    try:
        # The explanation is longer than the screen, yet the ratings are on it without scrolling.
        assert page.evaluate("() => document.documentElement.scrollHeight") > PHONE["height"] * 1.3
        assert_one_row_on_screen(rating_boxes(page))
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/phone-checked-flashcard-{language}.png")
        # Halfway down the explanation they are still there.
        page.locator("#card .explanation").scroll_into_view_if_needed()
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.scrollY") > 0
        assert_one_row_on_screen(rating_boxes(page))
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/phone-checked-flashcard-scrolled-{language}.png")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_arabic_text_is_drawn_with_the_served_naskh_font(browser, live_server, make_user):
    context, page = open_checked_card(browser, live_server, make_user, "ar")
    try:
        loaded = page.evaluate(
            "() => [...document.fonts].filter(f => f.family.includes('Noto Naskh Arabic') && f.status === 'loaded')"
            ".map(f => f.weight)"
        )
        assert "400" in loaded, loaded
        assert page.evaluate("() => document.fonts.check('16px \"Noto Naskh Arabic\"', 'مرحبا')")
        line_height = page.evaluate(
            "() => { const s = getComputedStyle(document.querySelector('#card .explanation'));"
            " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }"
        )
        assert line_height >= 1.6
        assert fonts_drawing(page, "#card .prompt") == {"Noto Naskh Arabic"}
    finally:
        context.close()


def test_arabic_words_on_an_english_page_are_drawn_in_naskh_and_english_words_are_not(browser, live_server, make_user):
    context, page = open_checked_card(browser, live_server, make_user, "en")
    try:
        # Chromium names the font file's own family, so the Arabic-only alias shows as Noto Naskh Arabic.
        assert "Noto Naskh Arabic" in fonts_drawing(page, "#card .prompt")
        assert "Noto Naskh Arabic" not in fonts_drawing(page, "#card .ratings button[data-rating='4']")
    finally:
        context.close()


SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def phone_visitor(browser, live_server, user, language):
    return signed_in(browser, live_server, user, language, viewport=PHONE, has_touch=True)


def too_wide(page, paths):
    """The pages that scroll sideways, each with how far and its widest element."""
    found = []
    for path in paths:
        response = page.goto(path)
        if not response.ok:
            found.append(f"{path} answered {response.status}")
            continue
        page.evaluate("() => document.fonts.ready")
        over = page.evaluate(SIDEWAYS)
        if over > 0:
            widest = page.evaluate(
                "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right >"
                " innerWidth + 1 || e.getBoundingClientRect().left < -1).slice(-1).map(e => e.outerHTML.slice(0, 120))"
            )
            found.append(f"{path}: {over}px {widest}")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "-").replace("?", "-") or "home"
            page.screenshot(path=f"{SHOTS}/phone-{name}-{page.evaluate('document.documentElement.lang')}.png")
    return found


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_page_a_student_or_an_instructor_opens_scrolls_sideways_on_a_phone(
    browser, live_server, make_user, make_quiz, language
):
    from quizzes.models import Assignment, Attempt, Klass, Quiz

    student = make_user("layla", display_name="ليلى")
    quiz = make_quiz(student, time_limit=20, layout="all")
    klass = Klass.objects.get()
    sample = quiz.question_set
    Assignment.objects.create(klass=klass, question_set=sample)
    teacher = sample.owner
    # A long slug and title, as real sets have, in the authoring list.
    make_set(teacher, "collective-security-treaty-organisation-kazakhstan-2022", ORDER_QUESTION)
    context, page = phone_visitor(browser, live_server, student, language)
    try:
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"/quizzes/{quiz.pk}/")
        page.click("[data-start]")
        page.locator("section.quiz-question").first.wait_for()
        attempt = Attempt.objects.get()
        found = too_wide(
            page,
            [
                "/",
                "/dashboard/",
                "/reports/",
                "/classes/",
                f"/classes/{klass.pk}/",
                "/quizzes/",
                f"/quizzes/{quiz.pk}/",
                f"/attempts/{attempt.pk}/",
                "/sets/sample/",
                "/sets/sample/study/",
                "/settings/",
            ],
        )
    finally:
        context.close()
    context, page = phone_visitor(browser, live_server, teacher, language)
    try:
        found += too_wide(
            page,
            [
                "/authoring/",
                "/authoring/import/format/",
                "/authoring/sets/sample/questions/",
                "/authoring/sets/sample/questions/capital/edit/",
                "/authoring/sets/sample/settings/",
                "/authoring/sets/sample/sharing/",
                "/authoring/sets/sample/sources/",
                "/authoring/sets/sample/quick/",
                "/sets/sample/problems/",
                "/teaching/",
                "/classes/",
                f"/classes/{klass.pk}/",
                f"/classes/{klass.pk}/report/",
                f"/classes/{klass.pk}/report/sets/sample/",
                "/quizzes/",
                f"/quizzes/{quiz.pk}/edit/",
                f"/quizzes/{quiz.pk}/attempts/",
                f"/quizzes/{quiz.pk}/overview/",
                f"/quizzes/{quiz.pk}/overrides/",
            ],
        )
    finally:
        context.close()
    assert Quiz.objects.count() == 1
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_header_folds_into_a_menu_button_on_a_phone(browser, live_server, make_user, language):
    teacher = make_user("author", instructor=True)
    context, page = phone_visitor(browser, live_server, teacher, language)
    try:
        header = page.locator("header.site-header")
        button = header.locator("button.menu-toggle")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "false")
        links = header.locator("#site-menu a")
        expect(links.first).to_be_hidden()
        # Folded, the header is one line.
        assert header.bounding_box()["height"] < 70
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        names = [name.strip() for name in links.all_inner_texts()]
        expected = ["My sets", "My progress", "Classes", "Quizzes", "Authoring", "Teaching"]
        if language == "en":
            assert names[:6] == expected
        for link in links.all():
            expect(link).to_be_visible()
        assert page.evaluate(SIDEWAYS) <= 0
        violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == []
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/phone-menu-open-{language}.png")
        page.keyboard.press("Escape")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(button).to_be_focused()
    finally:
        context.close()


def test_without_javascript_the_header_shows_its_links_on_a_phone(browser, live_server, make_user):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("header.site-header button.menu-toggle")).to_be_hidden()
        expect(page.locator("#site-menu a").first).to_be_visible()
    finally:
        context.close()
