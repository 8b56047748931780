"""An option's own explanation (`feedback`): checked, stored and exported by each type that has
options (single, multiple, cloze's chosen gaps) and by true/false for each judgement; read back
from the editor; shown for the options a student chose, never on the question side."""

import json
import textwrap

import pytest

from quizzes.bank.editing import question_from_editor
from quizzes.bank.importing import export_set, import_set, parse_bytes
from quizzes.questions import TYPES, canonical_question, validate_question
from tests.question_forms import editor_form

SOURCE = [{"doc": "d", "quote": "نص"}]

SINGLE = {
    "id": "capital",
    "type": "single",
    "prompt": "العاصمة الاقتصادية؟",
    "options": [
        {"key": "a", "text": "ألماتي"},
        {"text": "طشقند", "key": "b", "feedback": "طشقند عاصمة **أوزبكستان**."},
    ],
    "answer": "a",
    "sources": SOURCE,
}
MULTIPLE = {
    "id": "members",
    "type": "multiple",
    "prompt": "الأعضاء؟",
    "options": [
        {"key": "ru", "text": "روسيا"},
        {"key": "ge", "text": "جورجيا", "feedback": "انسحبت جورجيا عام 1999."},
        {"key": "az", "text": "أذربيجان", "feedback": "انسحبت أذربيجان أيضًا."},
    ],
    "answer": ["ru"],
    "sources": SOURCE,
}
TRUE_FALSE = {
    "id": "first",
    "type": "true_false",
    "prompt": "أول عملية.",
    "answer": True,
    "feedback_false": "بل كانت الأولى.",
    "sources": SOURCE,
}
CLOZE = {
    "id": "city",
    "type": "cloze",
    "prompt": "أكمل.",
    "text": "أنشئت في [[city]].",
    "gaps": [
        {
            "key": "city",
            "options": [
                {"key": "m", "text": "موسكو"},
                {"key": "t", "text": "طشقند", "feedback": "وقعت فيها المعاهدة."},
            ],
            "answer": "m",
        }
    ],
    "sources": SOURCE,
}
QUESTIONS = [SINGLE, MULTIPLE, TRUE_FALSE, CLOZE]


def paths(raw):
    return [p.path for p in validate_question(raw, {"d"})]


@pytest.mark.parametrize("raw", QUESTIONS, ids=lambda q: q["type"])
def test_feedback_is_accepted(raw):
    assert paths(raw) == []


@pytest.mark.parametrize("bad", ["", "   ", 3, ["a"]])
def test_an_option_feedback_must_be_text(bad):
    raw = {**SINGLE, "options": [SINGLE["options"][0], {"key": "b", "text": "طشقند", "feedback": bad}]}
    assert paths(raw) == [("options", 1, "feedback")]


def test_a_chosen_gap_option_feedback_must_be_text():
    gap = {**CLOZE["gaps"][0], "options": [{"key": "m", "text": "موسكو", "feedback": 7}, {"key": "t", "text": "ط"}]}
    assert paths({**CLOZE, "gaps": [gap]}) == [("gaps", 0, "options", 0, "feedback")]


def test_a_judgement_feedback_must_be_text_and_other_keys_stay_unknown():
    assert paths({**TRUE_FALSE, "feedback_true": ""}) == [("feedback_true",)]
    assert paths({**TRUE_FALSE, "feedback": "x"}) == [("feedback",)]


def test_a_typed_answer_has_no_feedback_key():
    raw = {"id": "p", "type": "short", "prompt": "؟", "answers": [{"text": "x", "feedback": "y"}], "sources": SOURCE}
    assert paths(raw)


def test_the_canonical_option_is_key_text_then_feedback():
    option = canonical_question(SINGLE)["options"][1]
    assert list(option) == ["key", "text", "feedback"]
    assert "feedback" not in canonical_question(SINGLE)["options"][0]


def yaml_of(questions):
    body = textwrap.indent(json.dumps(questions, ensure_ascii=False, indent=2), "  ")
    return f"slug: fb\ntitle: ت\nsources:\n  - {{id: d, title: و, file: d.txt}}\nquestions:\n{body}\n"


@pytest.mark.django_db
def test_feedback_survives_an_import_and_export_round_trip(instructor):
    import_set(parse_bytes(yaml_of(QUESTIONS).encode()), owner=instructor)
    from quizzes.models import QuestionSet

    exported = export_set(QuestionSet.objects.get(slug="fb"))
    assert "feedback: طشقند عاصمة **أوزبكستان**." in exported
    assert "feedback_false: بل كانت الأولى." in exported
    again = parse_bytes(exported.encode())
    assert again.questions == [canonical_question(q) for q in QUESTIONS]


@pytest.mark.parametrize("raw", QUESTIONS, ids=lambda q: q["type"])
def test_the_editor_reads_back_the_feedback_it_shows(raw):
    data = canonical_question(raw)
    read = question_from_editor({k: [v] for k, v in editor_form(data).items()}, type_name=raw["type"], key=raw["id"])
    assert canonical_question({**read, "sources": SOURCE, "explanation": ""}) == {**data, "explanation": ""}


def test_a_row_with_no_feedback_writes_none():
    data = canonical_question(SINGLE)
    form = {k: [v] for k, v in editor_form(data).items()} | {"option-0-feedback": ["  "]}
    read = question_from_editor(form, type_name="single", key="capital")
    assert read["options"][0] == {"key": "a", "text": "ألماتي"}


def test_a_gap_whose_carried_feedback_is_not_json_loses_only_that():
    form = {k: [v] for k, v in editor_form(canonical_question(CLOZE)).items()} | {"gap-0-option_feedback": ["{oops"]}
    read = question_from_editor(form, type_name="cloze", key="city")
    assert read["gaps"][0]["options"] == [{"key": "m", "text": "موسكو"}, {"key": "t", "text": "طشقند"}]


@pytest.mark.parametrize(
    ("raw", "response", "expected"),
    [
        (SINGLE, "b", [("طشقند", "طشقند عاصمة **أوزبكستان**.")]),
        (SINGLE, "a", []),
        (SINGLE, None, []),
        (MULTIPLE, ["ru", "az", "ge"], [("جورجيا", "انسحبت جورجيا عام 1999."), ("أذربيجان", "انسحبت أذربيجان أيضًا.")]),
        (MULTIPLE, "ge", []),
        (TRUE_FALSE, False, [("خطأ", "بل كانت الأولى.")]),
        (TRUE_FALSE, True, []),
        (TRUE_FALSE, None, []),
        (CLOZE, {"city": "t"}, [("طشقند", "وقعت فيها المعاهدة.")]),
        (CLOZE, {"city": "m"}, []),
        (CLOZE, "t", []),
    ],
)
def test_the_checked_side_gets_the_feedback_of_what_was_chosen(raw, response, expected):
    data = {k: v for k, v in canonical_question(raw).items() if k not in ("id", "type", "prompt")}
    found = TYPES[raw["type"]].chosen_feedback(data, response)
    assert [(str(f["text"]), f["feedback"]) for f in found] == expected


@pytest.mark.parametrize("raw", QUESTIONS, ids=lambda q: q["type"])
def test_the_question_side_never_carries_feedback(raw):
    data = canonical_question(raw)
    shown = json.dumps(TYPES[raw["type"]].display(data, 12345), ensure_ascii=False, default=str)
    assert "feedback" not in shown and "انسحبت" not in shown and "عاصمة" not in shown and "بل كانت" not in shown
