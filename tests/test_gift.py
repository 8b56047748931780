"""GIFT banks read into our questions and written as Moodle's GIFT."""

from pathlib import Path

import pytest
from django.utils import translation

from quizzes.bank.formats import gift
from quizzes.bank.importing import ImportFailed, parse_raw

from .bank_round_trip import comparable, every_type_set

DATA = Path(__file__).parent / "data" / "gift"


@pytest.fixture(scope="module", autouse=True)
def in_english():
    """The messages are read in English, whatever catalogue is compiled."""
    with translation.override("en"):
        yield


def read(name):
    return gift.read((DATA / name).read_bytes(), name)


@pytest.fixture(scope="module")
def bank():
    return read("csto-bank.gift")


def by_id(foreign, qid):
    return next(q for q in foreign.raw["questions"] if q["id"] == qid)


def test_the_bank_validates_as_a_yaml_file_would(bank):
    assert len(parse_raw(bank.raw, "csto-bank.gift", bank.marks).questions) == 13  # the essay included


def test_category_and_tag_comments_become_tags_and_markdown_stays(bank):
    q = by_id(bank, "tokayev-request")
    assert q["tags"] == ["كازاخستان 2022", "التدخل"]
    assert q["prompt"] == "في أي يوم من يناير 2022 طلب **توكايف** المساعدة؟"
    assert (q["type"], q["answer"], q["explanation"]) == ("number", 5, "في 5 يناير.")


def test_single_choice_with_feedback_and_general_feedback(bank):
    q = by_id(bank, "founding")
    assert q["answer"] == "a"
    assert q["options"][1]["feedback"] == "No: Moscow hosts the secretariat."
    assert q["explanation"] == "The treaty is often called the Tashkent treaty."


def test_weights_make_a_multiple(bank):
    q = by_id(bank, "members")
    assert q["type"] == "multiple" and q["answer"] == ["a", "b"]
    assert q["options"][2]["feedback"] == "Georgia left in 1999."


def test_true_false_feedback_goes_to_each_judgement(bank):
    q = by_id(bank, "troops-arrive")
    assert (q["answer"], q["feedback_false"], q["feedback_true"]) == (True, "They did arrive.", "Yes, within hours.")


def test_short_answers_keep_full_ones_and_name_partial_ones(bank):
    assert by_id(bank, "chair")["answers"] == ["Pashinyan", "Nikol Pashinyan"]
    assert any("Armenia" in n for n in bank.notes)


def test_numerical_ranges_and_several_answers(bank):
    q = by_id(bank, "year-range")
    assert (q["answer"], q["tolerance"]) == (2002, 2)
    assert by_id(bank, "several-numbers")["answers"] == [{"text": "1992"}, {"text": "2002"}]


def test_matching_names_its_distractor(bank):
    assert len(by_id(bank, "leaders")["pairs"]) == 2
    assert any("Georgia" in n for n in bank.notes)


def test_missing_word_puts_a_blank_where_the_answers_stood(bank):
    assert by_id(bank, "missing-word")["prompt"] == "The CSTO has _____ members."


def test_escapes_are_read_as_the_characters(bank):
    assert by_id(bank, "escapes")["prompt"] == "A brace { a colon : a hash # an equals = a tilde ~ ."


def test_html_is_read_into_markdown(bank):
    assert by_id(bank, "html")["prompt"] == "Is **Armenia** a member?"


def test_ordering_is_read(bank):
    assert [i["text"] for i in by_id(bank, "ordering")["items"]] == ["Fuel prices rise", "Protests", "Troops arrive"]


def test_a_description_is_skipped_with_its_line_and_an_essay_is_read(bank):
    assert [(s.question, s.line) for s in bank.skipped] == [("Just a description with no answers.", 42)]
    essay = next(q for q in bank.raw["questions"] if q["type"] == "essay")
    assert essay["prompt"] == "Why did Russia intervene?"


def test_an_essay_goes_out_as_empty_braces_and_comes_back():
    document = {"title": "t", "questions": [{"id": "why", "type": "essay", "prompt": "Why?"}]}
    written = gift.write(document)
    assert written.skipped == [] and b"{}" in written.data
    (question,) = gift.read(written.data, "out.gift").raw["questions"]
    assert (question["type"], question["prompt"]) == ("essay", "Why?")


def test_marks_give_each_question_its_line(bank):
    assert bank.marks[("questions", 1)] == (7, 1)


@pytest.mark.parametrize("name", ["unbalanced.gift", "truncated.gift"])
def test_unbalanced_or_truncated_files_are_refused_with_the_question_and_line(name):
    with pytest.raises(ImportFailed) as failed:
        read(name)
    problem = failed.value.problems[0]
    assert (problem.file, problem.line, problem.question) == (name, 3, "Two")


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(ImportFailed):
        gift.read(b"::a::\xff{T}", "x.gift")


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ImportFailed):
        gift.read(b" " * (gift.MAX_FILE_BYTES + 1), "big.gift")


def test_looks_like_knows_gift():
    assert gift.looks_like(b"::a::Question{=yes ~no}", "bank.txt")
    assert not gift.looks_like(b"prompt,answer\n", "bank.csv")


def test_the_written_file_names_what_gift_cannot_hold():
    written = gift.write(every_type_set())
    assert [s.question for s in written.skipped] == ["events", "signing", "card"]
    text = written.data.decode()
    assert "::treaty-year::[markdown]" in text
    assert "~%33.33333%روسيا" in text and "~%-33.33333%جورجيا" in text
    assert "// [tag:التأسيس] [tag:كازاخستان 2022]" in text


def test_export_then_import_gives_the_same_questions():
    document = every_type_set()
    foreign = gift.read(gift.write(document).data, "round.gift")
    parsed = parse_raw(foreign.raw, "round.gift", foreign.marks)
    kept = [q for q in document["questions"] if q["type"] not in ("order", "cloze", "flashcard")]
    # GIFT has no case-sensitive short answers: exact spelling comes back as the usual matching.
    kept[3]["answers"] = [a["text"] for a in kept[3]["answers"]]
    assert [comparable(q) for q in parsed.questions] == [comparable(q) for q in kept]
    assert [q["id"] for q in parsed.questions] == [q["id"] for q in kept]
