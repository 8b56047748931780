"""What each type's template shows: nothing of the answer before checking, and after it the
feedback a teacher would write (the pick struck through, the right answer beside it, a mark)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from quizzes.bank.importing import parse_bytes
from quizzes.questions import COMMON_FIELDS, TRAILING_FIELDS, get_type
from tests.conftest import SAMPLE_YAML
from tests.test_grading import CLOZE, MATCH, MULTIPLE, SINGLE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def shipped_questions():
    sets = [parse_bytes(path.read_bytes(), path.name) for path in sorted(FIXTURES.glob("*.yaml"))]
    sets.append(parse_bytes(SAMPLE_YAML.encode(), "sample.yaml"))
    for parsed in sets:
        for question in parsed.questions:
            data = {k: v for k, v in question.items() if k not in COMMON_FIELDS + TRAILING_FIELDS}
            yield pytest.param(question["type"], data, id=f"{parsed.slug}/{question['id']}")


def render(type_name, data, seed, *, response=None, checked=False):
    """The type's template with the context the study view gives it."""
    qtype = get_type(type_name)
    context = {
        "qtype": qtype,
        "shown": qtype.display(data, seed),
        "data": data,
        "pending": SimpleNamespace(response=response, seed=seed, token="t"),
        "checked": checked,
    }
    if checked:
        context["grade"] = None if qtype.self_graded else qtype.grade(data, response)
    return render_to_string(qtype.template, context)


class Page(HTMLParser):
    """The elements of a fragment as (tag, attributes), and its text."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.elements if t == tag]


def author_keys(data):
    keys = set()
    for name in ("options", "items", "pairs", "gaps"):
        for entry in data.get(name, []):
            keys.add(entry["key"])
            keys.update(o["key"] for o in entry.get("options", []))
    return keys


def answer_texts(type_name, data):
    """Texts that would give the answer away if the question side printed them."""
    match type_name:
        case "short":
            return [v for a in data["answers"] for v in (a["text"], *a.get("variants", []))]
        case "number":
            return [str(data["answer"])]
        case "flashcard":
            return [data["back"]]
        case "cloze":
            return [v for g in data["gaps"] for a in g.get("answers", []) for v in (a["text"], *a.get("variants", []))]
    return []


ARRANGE_HOOKS = {
    "data-order",
    "data-moved",
    "data-item-text",
    "data-move",
    "data-match",
    "data-placed",
    "data-match-bank",
    "data-value",
    "data-drop-for",
    "data-arrange-status",
}


@pytest.mark.parametrize(("type_name", "data"), list(shipped_questions()))
@pytest.mark.parametrize("seed", [0, 48_271, 2**31 - 1])
def test_the_question_side_gives_nothing_of_the_answer_away(type_name, data, seed):
    page = Page(render(type_name, data, seed))
    keys = author_keys(data)
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            value = value or ""
            # An author key neither whole nor as part of a name such as "match-putin" or "gap-year".
            assert not keys & {value, *re.split(r"[-_:\s]+", value)}, (tag, name, value)
            assert not any(len(key) >= 4 and key in value for key in keys), (tag, name, value)
            # arrange.js's hooks carry words of the interface and the fields' own opaque names only.
            assert not name.startswith("data-") or name in ARRANGE_HOOKS, (tag, name)
        classes = attrs.get("class") or ""
        assert not re.search(r"\bis-|correct|wrong|missed|answer", classes), (tag, classes)
        assert "checked" not in attrs, tag
        assert tag != "input" or attrs.get("type") != "text" or "value" not in attrs
    html_text = "".join(page.text)
    for text in answer_texts(type_name, data):
        # A cloze's own text may name an answer elsewhere in the sentence; its fields may not.
        assert type_name == "cloze" or text not in html_text
        for _tag, attrs in page.elements:
            for value in attrs.values():
                # A short answer ("5") is looked for as a whole value, not inside maxlength="50".
                assert text not in re.split(r"[-_:\s]+", value or "") and (len(text) < 4 or text not in (value or ""))
    # A place chosen in advance is the place the item is shown at, nothing more.
    selects = [attrs for attrs in page.all("select")]
    if type_name == "order":
        html = render(type_name, data, seed)
        chosen = re.findall(r'<option value="(\d+)" selected>', html)
        assert chosen == [str(i) for i in range(1, len(selects) + 1)]
    else:
        assert "selected" not in {name for _tag, attrs in page.elements for name in attrs}


def test_the_same_key_gets_other_names_on_another_card():
    first, second = Page(render("match", MATCH, 1)), Page(render("match", MATCH, 2))
    assert {a["name"] for a in first.all("select")}.isdisjoint({a["name"] for a in second.all("select")})


def test_a_match_rows_right_option_is_not_named_after_the_row():
    page = Page(render("match", MATCH, 3))
    names = {a["name"] for a in page.all("select")}
    values = {a["value"] for a in page.all("option")}
    assert names.isdisjoint(values)


def marks(html):
    """(class, mark) for each marked element, in order."""
    return re.findall(
        r'class="[^"]*\b(is-correct|is-wrong|is-missed)\b[^"]*"[^>]*>\s*<span class="mark"[^>]*>(.)', html
    )


def test_multiple_shows_picked_and_right_picked_and_wrong_and_missed_apart():
    html = render("multiple", MULTIPLE, 4, response=["a", "b"], checked=True)
    looks = {text: look for look, text in re.findall(r'class="option is-(\w+)">.*?<span dir="auto">(\w)</span>', html)}
    assert looks == {"A": "correct", "B": "wrong", "C": "missed", "E": "missed"}
    assert sorted(mark for _look, mark in marks(html)) == sorted(["✓", "✗", "○", "○"])
    assert "style=" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("response", "expected"),
    [("c", [("is-correct", "✓")]), ("a", [("is-wrong", "✗"), ("is-missed", "○")]), (None, [("is-missed", "○")])],
)
def test_single_marks_the_pick_and_the_right_answer(response, expected):
    html = render("single", SINGLE, 4, response=response, checked=True)
    assert sorted(marks(html)) == sorted(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [(True, [("is-correct", "✓")]), (False, [("is-wrong", "✗"), ("is-missed", "○")])],
)
def test_true_false_marks_the_pick_and_the_right_answer(response, expected):
    html = render("true_false", {"answer": True}, 4, response=response, checked=True)
    assert sorted(marks(html)) == sorted(expected)


def test_a_wrong_chosen_gap_shows_the_options_text_and_the_right_one():
    html = render("cloze", CLOZE, 4, response={"year": "2002", "city": "t", "treaty": "معاهدة"}, checked=True)
    assert re.search(r'<del class="is-wrong">.*?طشقند.*?</del>\s*<mark class="is-missed">.*?موسكو', html)
    assert ">t<" not in html and '"t"' not in html
    assert re.search(r'<mark class="is-correct">.*?2002', html)


def test_a_match_row_strikes_the_wrong_pick_and_shows_the_right_pair_unpainted_as_wrong():
    html = render("match", MATCH, 4, response={"p0": "p1", "p1": "p1", "p2": "p2"}, checked=True)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert len(rows) == 4
    assert re.search(r'<del class="is-wrong"[^>]*>.*?R1</del>\s*<span class="is-missed"[^>]*>.*?R0', rows[0], re.S)
    assert re.search(r'class="is-correct"[^>]*>.*?R1', rows[1], re.S) and "<del" not in rows[1]
    assert "<del" not in rows[3] and re.search(r'class="is-missed"[^>]*>.*?R3', rows[3], re.S)
    # The right text of a row is never painted as wrong.
    for row, right in zip(rows, ["R0", "R1", "R2", "R3"], strict=True):
        assert not re.search(rf'class="is-wrong"[^>]*>(?:(?!</).)*{right}</span>', row, re.S)


@pytest.mark.parametrize(("type_name", "data"), list(shipped_questions()))
def test_the_checked_side_renders_for_every_shipped_question(type_name, data):
    qtype = get_type(type_name)
    response = None if qtype.self_graded else qtype.correct_response(data)
    html = render(type_name, data, 5, response=response, checked=True)
    assert "style=" not in html and "<script" not in html
    if not qtype.self_graded:
        assert "is-wrong" not in html


def test_match_options_are_never_listed_in_the_rows_order():
    # Among 200 cards a plain shuffle would list four options row by row about eight times.
    for seed in range(200):
        texts = re.findall(r"<option value=\"k[0-9a-f]+\">(R\d)</option>", render("match", MATCH, seed))
        assert texts[:4] != ["R0", "R1", "R2", "R3"], seed
