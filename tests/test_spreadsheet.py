"""Spreadsheets and Quizlet exports: encodings, delimiters, headers in English and Arabic, and a bad
row named by its line."""

import pytest
from django.utils import translation

from quizzes.bank.formats import spreadsheet
from quizzes.bank.formats.registry import detect, read_bank
from quizzes.bank.importing import ImportFailed


@pytest.fixture(autouse=True)
def in_english():
    # Refusals are matched by their English words, whatever the catalogue compiled holds.
    with translation.override("en"):
        yield


def questions(data, name="bank.csv"):
    return spreadsheet.read(data, name).raw["questions"]


def refusal(data, name="bank.csv"):
    with pytest.raises(ImportFailed) as caught:
        read_bank(data, name)
    (problem,) = caught.value.problems
    return problem


def test_a_utf8_file_with_a_bom_reads_its_first_cell_clean():
    (question,) = questions("\ufeffما عاصمة قطر؟,الدوحة\n".encode())
    assert question["prompt"] == "ما عاصمة قطر؟" and question["back"] == "الدوحة"


def test_a_windows_1256_file_reads_as_arabic():
    (question,) = questions("السؤال;الإجابة\nما عاصمة عمان؟;مسقط\n".encode("cp1256"))
    assert (question["prompt"], question["back"]) == ("ما عاصمة عمان؟", "مسقط")


@pytest.mark.parametrize("delimiter", ["\t", ",", ";"])
def test_the_delimiter_is_detected(delimiter):
    text = f"Capital of Qatar?{delimiter}Doha\nCapital of Oman?{delimiter}Muscat\n"
    assert [q["back"] for q in questions(text.encode())] == ["Doha", "Muscat"]


def test_an_arabic_header_names_the_columns_in_any_order():
    text = "الوسوم,الإجابة,السؤال,الشرح\nجغرافيا،عواصم,الدوحة,ما عاصمة قطر؟,منذ 1971\n"
    (question,) = questions(text.encode())
    assert question["prompt"] == "ما عاصمة قطر؟" and question["back"] == "الدوحة"
    assert question["tags"] == ["جغرافيا", "عواصم"] and question["explanation"] == "منذ 1971"


def test_an_english_header_can_ask_for_other_types():
    text = (
        "question,answer,type,options,tolerance\n"
        "Year of the treaty?,1992,number,,1\n"
        "Capital of Qatar?,Doha|الدوحة,short,,\n"
        "Doha is in Qatar,true,true_false,,\n"
        "Capital of Oman?,Muscat,single,Muscat|Doha|Sanaa,\n"
    )
    number, short, true_false, single = questions(text.encode())
    assert number["answer"] == 1992 and number["tolerance"] == 1
    assert short["answers"] == ["Doha", "الدوحة"]
    assert true_false["answer"] is True
    assert single["answer"] == "a" and [o["text"] for o in single["options"]] == ["Muscat", "Doha", "Sanaa"]


def test_a_quizlet_export_reads_as_flashcards_quotes_and_all():
    text = 'treaty\tthe "Tashkent" treaty of 1992\nfounded\t2002\n'
    first, second = questions(text.encode(), "quizlet.txt")
    assert first["type"] == "flashcard" and first["back"] == 'the "Tashkent" treaty of 1992'
    assert detect(text.encode(), "quizlet.txt").name == "csv"


def test_a_quoted_field_may_hold_newlines_and_the_next_row_keeps_its_line():
    text = 'prompt,answer\n"Two\nlines",one\nthird,\n'
    problem = refusal(text.encode())
    assert problem.line == 4 and "no answer" in problem.message


def test_a_bad_row_is_named_by_its_line():
    text = "Capital of Qatar?,Doha\nCapital of Oman?,Muscat,,,\n,Sanaa\n"
    problem = refusal(text.encode())
    assert (problem.file, problem.line) == ("bank.csv", 3) and "no prompt" in problem.message


def test_an_unknown_type_is_named_by_its_line_and_column():
    problem = refusal(b"prompt,answer,type\nQ,A,essay\n")
    assert (problem.line, problem.column) == (2, 3) and "essay" in problem.message


def test_a_nul_byte_is_refused_on_its_line():
    problem = refusal(b"a,b\nc,d\x00\n")
    assert problem.line == 2 and "NUL" in problem.message


def test_questions_keep_their_ids_when_rows_move():
    first = questions(b"A?,1\nB?,2\n")
    second = questions(b"B?,2\nA?,1\n")
    assert {q["prompt"]: q["id"] for q in first} == {q["prompt"]: q["id"] for q in second}


def test_the_registry_validates_a_spreadsheet_into_a_set_named_after_the_file():
    parsed, foreign = read_bank("السؤال,الجواب\nما عاصمة قطر؟,الدوحة\n".encode(), "عواصم.csv")
    assert parsed.title == "عواصم" and parsed.slug == "wasm" and parsed.language == "ar"
    assert parsed.questions[0]["type"] == "flashcard" and foreign.skipped == []


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bank.apkg", b"prompt,answer\n", ".apkg"),
        ("bank.csv", b"PK\x03\x04binary", ".csv"),
        ("bank.docx", b"\x00\x01", "not one this site reads"),
    ],
)
def test_an_extension_the_content_contradicts_is_refused(name, data, words):
    assert words in refusal(data, name).message
