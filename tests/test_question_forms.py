"""The registry is complete: every type has its tests' forms, and no code outside
quizzes/questions/ switches on a type's name."""

import re
from pathlib import Path

import pytest

from quizzes.bank import quick_entry
from quizzes.questions import TYPES, get_type, quiz_types
from tests.question_forms import FORMS

QUIZZES = Path(__file__).resolve().parent.parent / "quizzes"


def test_every_type_has_its_test_forms():
    assert set(FORMS) == set(TYPES)


def test_a_quiz_asks_every_type_but_the_self_rated_flashcard():
    assert quiz_types() == [name for name in TYPES if name != "flashcard"]


@pytest.mark.parametrize("rating, score", [(1, 0.0), (2, 0.5), (3, 1.0), (4, 1.0), (True, 0.0), ("3", 0.0)])
def test_a_flashcard_is_scored_by_its_own_rating(rating, score):
    assert get_type("flashcard").grade({"back": "ب"}, rating).score == score


def test_quick_entry_offers_the_types_one_answer_makes():
    assert quick_entry.TYPES == ("flashcard", "short")


# A type's name compared, filtered on or branched on: `== "flashcard"`, `type="cloze"`, `case "order":`.
_NAMES = "|".join(TYPES)
_SWITCH = re.compile(rf"""(==|!=|\btype\s*=|\bcase|\bin\s*\(|\btype__in\s*=\s*\[)\s*["']({_NAMES})["']""")


def test_no_code_outside_the_registry_switches_on_a_type():
    found = []
    for path in QUIZZES.rglob("*.py"):
        relative = path.relative_to(QUIZZES)
        if relative.parts[0] in ("questions", "migrations", "management"):
            continue
        # Another tool's format maps its types to ours, one by one, as Moodle's own qformat_xml
        # switches on qtype: that table is the translation itself.
        if relative.parts[:2] == ("bank", "formats"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if _SWITCH.search(line):
                found.append(f"quizzes/{relative}:{number}: {line.strip()}")
    assert found == []


# A typed gap keeps every field of its accepted answers through the editor, as a short answer does.
RICH_CLOZE = {
    "text": "طلب [[who]] المساعدة في [[day]] يناير من [[org]].",
    "gaps": [
        {
            "key": "who",
            "answers": [
                {"text": "توكايف", "variants": ["توكاييف"], "name": "person", "heads": ["الرئيس"]},
                {"text": "قاسم جومارت توكايف", "strict": True},
                "رئيس كازاخستان",
            ],
        },
        {"key": "day", "answers": [{"text": "5", "tolerance": 1}]},
        {"key": "org", "options": [{"key": "c", "text": "المنظمة"}, {"key": "n", "text": "الناتو"}], "answer": "c"},
    ],
}


def test_a_cloze_reads_back_every_field_of_its_gaps_accepted_answers():
    cloze = get_type("cloze")
    form = {name: [value] for name, value in FORMS["cloze"].editor(cloze.editor_fields(RICH_CLOZE)).items()}
    form["text"] = [RICH_CLOZE["text"]]
    assert cloze.data_from_editor(form) == RICH_CLOZE
    assert cloze.canonical(cloze.data_from_editor(form)) == cloze.canonical(RICH_CLOZE)
