"""Learn mode in a real browser: a student runs a whole session over their own set to the end,
by keyboard (digits choose, Enter checks and continues), choices first and typing after, the
progress bar advancing with each right answer.

Screenshots of the Learn pages, in Arabic and English, at 1280 and 360 px, go to SCREENSHOT_DIR
when it is set; at 360 px no page scrolls sideways, and axe finds no serious violation."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from quizzes.bank import own_sets, writing
from quizzes.learn import choices
from quizzes.models import LearnSession, QuestionVersion, Review
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
QUESTIONS = [
    {"id": "kz", "type": "short", "prompt": "ما عاصمة كازاخستان؟", "answers": [{"text": "أستانا"}]},
    {"id": "ru", "type": "short", "prompt": "ما عاصمة روسيا؟", "answers": ["موسكو"]},
    {"id": "am", "type": "short", "prompt": "ما عاصمة أرمينيا؟", "answers": ["يريفان"]},
    {"id": "csto", "type": "flashcard", "prompt": "منظمة معاهدة الأمن الجماعي", "back": "حلف عسكري تقوده روسيا"},
    {"id": "sco", "type": "flashcard", "prompt": "منظمة شنغهاي للتعاون", "back": "منظمة أمنية واقتصادية تقودها الصين"},
    {
        "id": "seat",
        "type": "single",
        "prompt": "أين مقر المنظمة؟",
        "options": [{"key": "a", "text": "موسكو"}, {"key": "b", "text": "مينسك"}, {"key": "c", "text": "باكو"}],
        "answer": "a",
    },
]


@pytest.fixture
def own_set(make_user):
    sara = make_user("sara")
    qset = own_sets.create_own_set(sara, title="عواصم ومنظمات")
    for question in QUESTIONS:
        writing.save_question(qset, question, author=sara)
    return sara, qset


def sign_in(browser, live_server, user, *, locale="ar", width=1280):
    return signed_in(browser, live_server, user, locale, viewport={"width": width, "height": 800})


def _progress(page):
    return int(page.locator("#learn-progress").get_attribute("value"))


def _answer_right(page, shown):
    """Answers the shown question right, as a student would, by keyboard where Learn has keys."""
    version = QuestionVersion.objects.get(pk=shown["version"])
    if shown["stage"] == "choices":
        right = choices.fields(version.type, version.data)["response"]
        page.keyboard.press(f"Digit{shown['choices']['response'].index(right) + 1}")
    elif version.type == "short":
        page.fill("input[name=response]", choices.fields(version.type, version.data)["response"])
    elif version.type == "flashcard":
        # Recalled, then revealed with Enter and judged with 1 ("I knew it").
        page.keyboard.press("Enter")
        page.locator("button[name=knew]").first.wait_for()
        page.keyboard.press("Digit1")
        return
    else:
        page.locator("label.option", has_text="موسكو").click()
    page.keyboard.press("Enter")


def test_a_student_learns_their_set_to_the_end_from_choices_to_typing(browser, live_server, own_set):
    sara, qset = own_set
    context, page = sign_in(browser, live_server, sara)
    page.goto(f"/sets/{qset.slug}/")
    page.locator(f"a[href='/sets/{qset.slug}/learn/']").click()
    page.locator("form.stack button[type=submit]").click()
    page.locator("#learn article").first.wait_for()
    assert page.locator("#learn-progress").get_attribute("max") == str(2 * len(QUESTIONS))
    stages = []
    for _ in range(4 * len(QUESTIONS)):
        if page.locator("#learn .summary").count():
            break
        shown = LearnSession.objects.get().state["shown"]
        before = _progress(page)
        stages.append((shown["question"], shown["stage"]))
        if shown["stage"] == "choices":
            # The choices carry opaque values only: the right one is not told apart in the page.
            values = page.locator("input[name=response]").evaluate_all("els => els.map(e => e.value)")
            assert all(v.startswith("k") and len(v) == 11 for v in values)
        _answer_right(page, shown)
        page.locator("#learn .verdict.correct").wait_for()
        assert _progress(page) == before + 1
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/learn/{LearnSession.objects.get().uuid}/")
        page.locator("#learn article").first.wait_for()
    assert page.locator("#learn .summary").count() == 1
    assert _progress(page) == 2 * len(QUESTIONS)
    session = LearnSession.objects.get()
    assert session.finished_at is not None and session.mastered == len(QUESTIONS)
    typed = {q.pk for q in qset.questions.filter(type__in=("short", "flashcard"))}
    assert [s for q, s in stages if q in typed].count("choices") == len(typed)
    assert [s for q, s in stages if q in typed].count("recall") == len(typed)
    assert not Review.objects.exists()
    context.close()


def test_a_wrong_choice_says_so_and_the_bar_stays(browser, live_server, own_set):
    sara, qset = own_set
    context, page = sign_in(browser, live_server, sara)
    page.goto(f"/sets/{qset.slug}/learn/")
    page.locator("form.stack button[type=submit]").click()
    page.locator("#learn article").first.wait_for()
    shown = LearnSession.objects.get().state["shown"]
    version = QuestionVersion.objects.get(pk=shown["version"])
    right = choices.fields(version.type, version.data)["response"]
    wrong = next(i for i, text in enumerate(shown["choices"]["response"]) if text != right)
    page.keyboard.press(f"Digit{wrong + 1}")
    page.keyboard.press("Enter")
    page.locator("#learn .verdict.incorrect").wait_for()
    assert _progress(page) == 0
    context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_learn_pages_fit_either_language_and_width_and_pass_axe(browser, live_server, own_set, axe, locale, width):
    sara, qset = own_set
    context, page = sign_in(browser, live_server, sara, locale=locale, width=width)
    page.goto(f"/sets/{qset.slug}/learn/")
    problems = _check_and_shoot(page, axe, f"learn-start-{locale}-{width}", locale, width)
    page.locator("form.stack button[type=submit]").click()
    page.locator("#learn article").first.wait_for()
    problems += _check_and_shoot(page, axe, f"learn-choices-{locale}-{width}", locale, width)
    _answer_right(page, LearnSession.objects.get().state["shown"])
    page.locator("#learn .verdict").wait_for()
    problems += _check_and_shoot(page, axe, f"learn-answer-{locale}-{width}", locale, width)
    assert not problems, problems
    context.close()


def _check_and_shoot(page, axe, name, locale, width):
    assert page.locator("html").get_attribute("lang") == locale
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    if width <= 360:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    violations = axe.run(page).response["violations"]
    return [f"{name}: {v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
