"""Moodle XML banks read into our questions and written for Moodle's importer."""

from pathlib import Path

import defusedxml.ElementTree as SafeTree
import pytest
from django.utils import translation

from quizzes.bank.formats import moodle_xml
from quizzes.bank.importing import ImportFailed, parse_raw

from .bank_round_trip import comparable, every_type_set

DATA = Path(__file__).parent / "data" / "moodle"


@pytest.fixture(scope="module", autouse=True)
def in_english():
    """The messages are read in English, whatever catalogue is compiled."""
    with translation.override("en"):
        yield


def read(name):
    return moodle_xml.read((DATA / name).read_bytes(), name)


@pytest.fixture(scope="module")
def bank():
    return read("csto-bank.xml")


def by_id(foreign, qid):
    return next(q for q in foreign.raw["questions"] if q["id"] == qid)


def notes_of(foreign, label):
    return [n for n in foreign.notes if n.startswith(label + ":")]


def test_the_bank_validates_as_a_yaml_file_would(bank):
    parsed = parse_raw(bank.raw, "csto-bank.xml", bank.marks)
    assert len(parsed.questions) == 13  # the essay included
    assert parsed.language == "ar"


def test_a_single_answer_multichoice_is_single_with_feedback_explanation_and_tags(bank):
    q = by_id(bank, "csto-founding-year")
    assert q["type"] == "single"
    assert q["prompt"] == "في أي عام وُقّعت **معاهدة الأمن الجماعي**؟"
    assert q["answer"] == "a"
    assert q["options"][1] == {"key": "b", "text": "2002", "feedback": "عام 2002 صارت *منظمة*."}
    assert q["explanation"] == "وُقّعت في طشقند عام 1992."
    assert q["tags"] == ["منظمة الأمن الجماعي", "التأسيس"]


def test_an_arabic_name_gives_a_short_stable_id(bank):
    q = bank.raw["questions"][1]
    assert q["id"].startswith("q-") and len(q["id"]) == 10
    assert read("csto-bank.xml").raw["questions"][1]["id"] == q["id"]


def test_ids_are_unique_within_a_file():
    xml = (
        b"<quiz>"
        + b"".join(
            b'<question type="truefalse"><name><text>Same</text></name><questiontext><text>T</text></questiontext>'
            b'<answer fraction="100"><text>true</text></answer>'
            b'<answer fraction="0"><text>false</text></answer></question>'
            for _ in range(2)
        )
        + b"</quiz>"
    )
    assert [q["id"] for q in moodle_xml.read(xml, "x.xml").raw["questions"]] == ["same", "same-2"]


def test_equal_fractions_with_matching_penalties_are_multiple_without_a_note(bank):
    q = bank.raw["questions"][1]
    assert q["type"] == "multiple" and q["answer"] == ["a", "b"]
    assert not notes_of(bank, "أعضاء المنظمة")


def test_unequal_fractions_are_multiple_with_the_difference_noted(bank):
    q = by_id(bank, "weighted-members")
    assert q["answer"] == ["a", "b"]
    assert "weights are not kept" in notes_of(bank, "Weighted members")[0]


def test_truefalse_keeps_its_feedback_for_each_judgement(bank):
    q = by_id(bank, "tokayev-asked")
    assert (q["answer"], q["feedback_true"], q["feedback_false"]) == (True, "نعم، في 5 يناير.", "بل طلبها.")


def test_shortanswer_keeps_full_answers_and_names_partial_and_wildcard_ones(bank):
    q = by_id(bank, "capital")
    assert q["answers"] == [{"text": "Nur-Sultan", "strict": True}, {"text": "Astana", "strict": True}]
    notes = " ".join(notes_of(bank, "Capital"))
    assert "Almaty" in notes and "Nur*" in notes and "case-sensitive" in notes


def test_numerical_keeps_tolerance_and_names_units(bank):
    q = by_id(bank, "troops")
    assert (q["type"], q["answer"], q["tolerance"]) == ("number", 2500, 500)
    notes = " ".join(notes_of(bank, "Troops"))
    assert "soldiers" in notes and "thousand" in notes


def test_numerical_with_several_right_numbers_is_a_short_answer(bank):
    q = by_id(bank, "two-years")
    assert q["type"] == "short" and q["answers"] == [{"text": "1992"}, {"text": "2002"}]


def test_matching_names_its_distractor(bank):
    q = by_id(bank, "leaders")
    assert [p["left"] for p in q["pairs"]] == ["Tokayev", "Pashinyan"]
    assert "Georgia" in notes_of(bank, "Leaders")[0]


def test_ordering_puts_items_in_fraction_order(bank):
    q = by_id(bank, "order-of-events")
    assert [i["text"] for i in q["items"]] == ["Fuel prices rise", "Tokayev asks for help", "Troops arrive"]


def test_gapselect_and_ddwtos_are_cloze_with_each_group_as_options(bank):
    q = by_id(bank, "gap-select")
    assert q["text"] == "The protests began in [[g1]] and spread to [[g2]]."
    assert [o["text"] for o in q["gaps"][0]["options"]] == ["Zhanaozen", "Aktau"]
    assert q["gaps"][1]["answer"] == "a"
    assert by_id(bank, "drag-words")["gaps"][0]["options"][0]["text"] == "Russia"


def test_multianswer_parts_become_typed_numeric_and_chosen_gaps(bank):
    q = by_id(bank, "cloze")
    gaps = q["gaps"]
    assert gaps[0] == {"key": "g1", "answers": ["Tashkent"]}
    assert gaps[1] == {"key": "g2", "answers": [{"text": "1992"}]}
    assert gaps[2]["options"][1]["text"] == "}six} states" and gaps[2]["answer"] == "b"
    notes = " ".join(notes_of(bank, "Cloze"))
    assert "Tashkant" in notes and "weights" in notes


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Multi response", "MULTIRESPONSE"),
        ("Calc", "Calculated"),
        ("Intro", "description"),
        ("Random", "random"),
        ("Code", "coderunner"),
    ],
)
def test_types_without_an_equivalent_are_skipped_with_their_reason_and_line(bank, name, words):
    skipped = next(s for s in bank.skipped if s.question == name)
    assert words in skipped.reason and skipped.line > 90


def test_an_essay_is_read_with_its_word_limit_and_its_graders_guidance():
    xml = """<quiz><question type="essay"><name><text>why</text></name>
<questiontext format="html"><text>لماذا تدخلت المنظمة؟</text></questiontext>
<responseformat>editor</responseformat><maxwordenabled>1</maxwordenabled><maxwordlimit>120</maxwordlimit>
<graderinfo format="html"><text><![CDATA[<p>يذكر <strong>الاحتجاجات</strong>.</p>]]></text></graderinfo>
</question></quiz>""".encode()
    (question,) = moodle_xml.read(xml, "essay.xml").raw["questions"]
    assert question == {
        "id": "why",
        "type": "essay",
        "prompt": "لماذا تدخلت المنظمة؟",
        "word_limit": 120,
        "guidance": "يذكر **الاحتجاجات**.",
    }


def test_an_essay_answered_only_by_a_file_is_skipped():
    xml = b"""<quiz><question type="essay"><name><text>upload</text></name>
<questiontext format="html"><text>Attach</text></questiontext><responseformat>noinline</responseformat>
</question></quiz>"""
    (skipped,) = moodle_xml.read(xml, "essay.xml").skipped
    assert "file" in skipped.reason


def test_an_essay_goes_out_and_comes_back():
    document = {
        "title": "t",
        "questions": [{"id": "why", "type": "essay", "prompt": "Why?", "word_limit": 50, "guidance": "Name two."}],
    }
    written = moodle_xml.write(document)
    assert written.skipped == []
    (question,) = moodle_xml.read(written.data, "out.xml").raw["questions"]
    assert (question["type"], question["word_limit"], question["guidance"]) == ("essay", 50, "Name two.")


def test_the_prompts_embedded_picture_is_kept_for_its_question(bank):
    assert bank.media["treaty.png"].startswith(b"\x89PNG")
    assert bank.pictures == {0: "treaty.png"}
    assert not any("treaty.png" in note for note in notes_of(bank, "csto-founding-year"))


def test_marks_give_each_question_its_line(bank):
    assert bank.marks[("questions", 0)] == (6, 1)


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("malformed.xml", 5, "malformed"),
        ("entity-bomb.xml", 2, "DTD"),
        ("external-entity.xml", 2, "DTD"),
        ("doctype.xml", 2, "DTD"),
        ("wrong-root.xml", 2, "<questions>"),
    ],
)
def test_spoiled_files_are_refused_with_file_and_line(name, line, words):
    with pytest.raises(ImportFailed) as failed:
        read(name)
    problem = failed.value.problems[0]
    assert (problem.file, problem.line) == (name, line)
    assert words in problem.message


def test_a_file_over_the_size_limit_is_refused():
    data = b"<quiz>" + b" " * moodle_xml.MAX_FILE_BYTES + b"</quiz>"
    with pytest.raises(ImportFailed, match="10 MB|10 ميغابايت"):
        moodle_xml.read(data, "big.xml")


def test_too_many_questions_are_refused(monkeypatch):
    monkeypatch.setattr("quizzes.bank.formats.moodle_xml.MAX_QUESTIONS", 2)
    monkeypatch.setattr("quizzes.bank.formats.moodle_common.MAX_QUESTIONS", 2)
    xml = b"<quiz>\n" + b'<question type="essay"/>\n' * 3 + b"</quiz>"
    with pytest.raises(ImportFailed) as failed:
        moodle_xml.read(xml, "many.xml")
    assert failed.value.problems[0].line == 4


def test_deep_nesting_is_refused():
    xml = b"<quiz>" + b"<a>" * 40 + b"</a>" * 40 + b"</quiz>"
    with pytest.raises(ImportFailed, match=str(moodle_xml.MAX_DEPTH)):
        moodle_xml.read(xml, "deep.xml")


def test_bad_base64_is_refused_with_its_line():
    xml = b'<quiz>\n<question type="essay"><name><text>N</text></name>\n<file name="a.png">@@@</file></question></quiz>'
    with pytest.raises(ImportFailed) as failed:
        moodle_xml.read(xml, "b.xml")
    assert failed.value.problems[0].line == 3


def test_script_in_html_never_reaches_a_prompt():
    xml = (
        b'<quiz><question type="truefalse"><name><text>X</text></name><questiontext format="html"><text>'
        b"<![CDATA[<p>Safe <script>alert(1)</script><a href='javascript:x'>link</a></p>]]></text></questiontext>"
        b'<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
        b"</question></quiz>"
    )
    assert moodle_xml.read(xml, "x.xml").raw["questions"][0]["prompt"] == "Safe link"


def test_looks_like_knows_moodle_xml():
    assert moodle_xml.looks_like(b'<?xml version="1.0"?>\n<quiz>', "bank.txt")
    assert not moodle_xml.looks_like(b"::a::b{T}", "bank.xml")


def test_the_written_file_has_the_structure_moodle_reads():
    written = moodle_xml.write(every_type_set())
    root = SafeTree.fromstring(written.data)
    assert root.tag == "quiz"
    types = [q.get("type") for q in root.findall("question")]
    assert types == ["multichoice", "multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering",
                     "multianswer"]  # fmt: skip
    first = root.find("question")
    assert first.find("name/text").text == "treaty-year"
    assert first.find("questiontext").get("format") == "html"
    assert first.find("single").text == "true"
    assert [a.get("fraction") for a in first.findall("answer")] == ["100", "0"]
    members = root.findall("question")[1]
    assert [a.get("fraction") for a in members.findall("answer")] == ["33.3333333"] * 3 + ["-33.3333333"]
    assert root.findall("question")[4].find("answer/tolerance").text == "500"
    assert "{1:NUMERICAL:=1992:1}" in root.findall("question")[7].find("questiontext/text").text
    assert [t.text for t in first.findall("tags/tag/text")] == ["التأسيس", "كازاخستان 2022"]
    assert [s.question for s in written.skipped] == ["card"]


def test_export_then_import_gives_the_same_questions():
    document = every_type_set()
    foreign = moodle_xml.read(moodle_xml.write(document).data, "round.xml")
    parsed = parse_raw(foreign.raw, "round.xml", foreign.marks)
    expected = [comparable(q) for q in document["questions"] if q["type"] != "flashcard"]
    assert [comparable(q) for q in parsed.questions] == expected
    assert [q["id"] for q in parsed.questions] == [q["id"] for q in document["questions"][:-1]]
    assert foreign.notes == ["capital: case-sensitive answers are matched exactly as written."]
