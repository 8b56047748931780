"""Order and match questions answered by hand: dragged with the mouse, dragged by touch, or moved
with buttons and lists from the keyboard alone, in study and in a quiz (where the autosave keeps a
dragged answer as it keeps a typed one). The form posts the same fields either way."""

import textwrap

import pytest
from playwright.sync_api import expect

from quizzes import classes
from quizzes.bank.importing import import_set, parse_bytes
from quizzes.models import AttemptQuestion, QuestionSet, Quiz
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ORDER = ["توقيع المعاهدة", "إنشاء المنظمة", "التدخل في كازاخستان", "الانسحاب"]
MATCH = {"بوتين": "رئيس روسيا", "باشينيان": "رئيس وزراء أرمينيا", "توكايف": "رئيس كازاخستان"}

SET = textwrap.dedent(
    """\
    slug: {slug}
    title: ترتيب ومطابقة
    language: ar
    public: true
    questions:
    """
)
ORDER_QUESTION = """\
  - id: timeline
    type: order
    prompt: رتب الأحداث من الأقدم إلى الأحدث.
    items:
      - {key: treaty, text: توقيع المعاهدة}
      - {key: org, text: إنشاء المنظمة}
      - {key: kz, text: التدخل في كازاخستان}
      - {key: out, text: الانسحاب}
"""
MATCH_QUESTION = """\
  - id: people
    type: match
    prompt: صل كل شخص بمنصبه.
    pairs:
      - {key: putin, left: بوتين, right: رئيس روسيا}
      - {key: pashinyan, left: باشينيان, right: رئيس وزراء أرمينيا}
      - {key: tokayev, left: توكايف, right: رئيس كازاخستان}
"""


def make_set(owner, slug, *questions):
    import_set(parse_bytes((SET.format(slug=slug) + "".join(questions)).encode(), f"{slug}.yaml"), owner=owner)


def open_page(browser, live_server, user, *, touch=False, language="ar"):
    return signed_in(browser, live_server, user, language, has_touch=touch, viewport={"width": 1000, "height": 900})


def shown_order(scope):
    return [text.strip() for text in scope.locator("ol.order-items > li label").all_inner_texts()]


def places(scope):
    """Each item's text with the place its list holds, which is what the form posts."""
    return {
        li.locator("label").inner_text().strip(): li.locator("select").input_value()
        for li in scope.locator("ol.order-items > li").all()
    }


def centre(box, fraction=0.5):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] * fraction


def in_view(source):
    """The question in the middle of the screen, away from the edges where dragging scrolls the page."""
    source.evaluate("e => (e.closest('section.quiz-question, #card') || e).scrollIntoView({block: 'center'})")


def mouse_drag(page, source, target, fraction):
    in_view(source)
    x, y = centre(source.bounding_box())
    page.mouse.move(x, y)
    page.mouse.down()
    # A few pixels first, so the drag has begun before it travels.
    page.mouse.move(x + 4, y + 4, steps=2)
    tx, _ = centre(target.bounding_box())
    for f in (0.9, 0.6, fraction):
        box = target.bounding_box()
        page.mouse.move(tx, box["y"] + box["height"] * f, steps=6)
        # SortableJS looks under the pointer every 50 ms while it drags.
        page.wait_for_timeout(120)
    page.mouse.up()


def touch_drag(page, source, target, fraction):
    """A finger on the item, moved onto the target and lifted: real touch events through the
    DevTools protocol (Playwright's touchscreen only taps)."""
    cdp = page.context.new_cdp_session(page)
    in_view(source)
    x, y = centre(source.bounding_box())
    tx, ty = centre(target.bounding_box(), fraction)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    steps = 12
    for n in range(1, steps + 1):
        point = {"x": x + (tx - x) * n / steps, "y": y + (ty - y) * n / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(30)
    page.wait_for_timeout(120)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def drag(page, how, source, target, fraction):
    (touch_drag if how == "touch" else mouse_drag)(page, source, target, fraction)


def arrange_order(page, scope, how):
    """Puts the items in their true order, by dragging each up onto the item in its place, or by
    its "move up" button pressed from the keyboard."""
    ol = scope.locator("ol.order-items.arranged")
    ol.wait_for()
    for place, text in enumerate(ORDER):
        now = shown_order(scope).index(text)
        if now == place:
            continue
        item = ol.locator("li", has_text=text)
        if how == "keyboard":
            item.locator("button[data-move=up]").focus()
            for _ in range(now - place):
                page.keyboard.press("Enter")
        else:
            drag(page, how, item.locator("label"), ol.locator("li").nth(place), 0.25)
        expect(ol.locator("li").nth(place)).to_contain_text(text)
    assert shown_order(scope) == ORDER
    assert places(scope) == {text: str(n) for n, text in enumerate(ORDER, start=1)}


def arrange_match(page, scope, how):
    """Pairs every row: each answer dragged from the bank onto its row, or chosen in the row's list
    with the arrow keys."""
    table = scope.locator("table.match.arranged")
    table.wait_for()
    for left, right in MATCH.items():
        row = table.locator("tr", has=page.locator("th", has_text=left))
        select = row.locator("select")
        if how == "keyboard":
            select.focus()
            for _ in range(5):
                if select.evaluate("s => s.options[s.selectedIndex].text") == right:
                    break
                page.keyboard.press("ArrowDown")
        else:
            chip = scope.locator(".match-chips .match-chip", has_text=right)
            drag(page, how, chip, row.locator(".match-drop"), 0.5)
        expect(select.locator("option:checked")).to_have_text(right)
    expect(scope.locator(".match-chips .match-chip")).to_have_count(0)


@pytest.mark.parametrize("how", ["mouse", "touch", "keyboard"])
def test_a_student_puts_an_order_card_in_order_by_hand_and_it_is_right(browser, live_server, make_user, how):
    make_set(make_user("author", instructor=True), "order-only", ORDER_QUESTION)
    context, page = open_page(browser, live_server, make_user("nour"), touch=how == "touch")
    try:
        page.goto("/sets/order-only/study/")
        page.locator("#card ol.order-items.arranged").wait_for()
        # One hint, naming every way to arrange: the lists' own is hidden once dragging is on.
        expect(page.locator("#card .hint:visible")).to_have_count(1)
        expect(page.locator("#card .arrange-hint")).to_be_visible()
        arrange_order(page, page.locator("#card"), how)
        expect(page.locator("#arrange-status, #card [data-arrange-status]")).to_contain_text("4")
        page.locator("#card [data-key=check]").click()
        expect(page.locator("#card .verdict")).to_have_class("verdict correct")
    finally:
        context.close()


@pytest.mark.parametrize("how", ["mouse", "touch", "keyboard"])
def test_a_student_pairs_a_match_card_by_hand_and_it_is_right(browser, live_server, make_user, how):
    make_set(make_user("author", instructor=True), "match-only", MATCH_QUESTION)
    context, page = open_page(browser, live_server, make_user("nour"), touch=how == "touch")
    try:
        page.goto("/sets/match-only/study/")
        arrange_match(page, page.locator("#card"), how)
        page.locator("#card [data-key=check]").click()
        expect(page.locator("#card .verdict")).to_have_class("verdict correct")
    finally:
        context.close()


@pytest.mark.parametrize("how", ["mouse", "touch", "keyboard"])
def test_a_quiz_autosaves_order_and_match_answers_given_by_hand(browser, live_server, make_user, how):
    teacher = make_user("author", instructor=True)
    make_set(teacher, "arrange", ORDER_QUESTION, MATCH_QUESTION)
    student = make_user("nour")
    klass = classes.create_class(teacher, "صف")
    klass.students.add(student)
    quiz = Quiz.objects.create(
        title="اختبار",
        owner=teacher,
        question_set=QuestionSet.objects.get(slug="arrange"),
        shuffle_questions=False,
        layout="all",
    )
    quiz.classes.add(klass)
    context, page = open_page(browser, live_server, student, touch=how == "touch")
    try:
        page.goto(f"/quizzes/{quiz.pk}/")
        page.click("[data-start]")
        order = page.locator("section.quiz-question[data-type=order]")
        match = page.locator("section.quiz-question[data-type=match]")
        order.wait_for()
        arrange_order(page, order, how)
        arrange_match(page, match, how)
        # Saved as they were given, with nothing pressed.
        expect(order.locator(".save-status time")).to_be_attached()
        expect(match.locator(".save-status time")).to_be_attached()
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        page.wait_for_timeout(1200)
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        rows = {row.question.key: row.response for row in AttemptQuestion.objects.select_related("question")}
        assert rows["timeline"] == ["treaty", "org", "kz", "out"]
        assert rows["people"] == {"putin": "putin", "pashinyan": "pashinyan", "tokayev": "tokayev"}
    finally:
        context.close()
