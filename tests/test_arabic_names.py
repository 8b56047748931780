"""Proper names in typed answers: the spellings Arabic writes a foreign name with are accepted, and
no wrong answer is turned right (an exhaustive guard over the bank, CLDR's countries and the
world's capitals, and a property test over respelt wrong names)."""

import random

import pytest
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.arabic import matches_name, name_skeleton
from quizzes.questions import get_type
from quizzes.questions.base import Problems
from quizzes.questions.textual import answer_matches, answers_for_editor, answers_from_editor, check_answers

from .arabic_bank import (
    STANS,
    capital_names,
    country_names,
    guard_names,
    respell,
    respellings,
    typed_fields,
    wrong_names,
)
from .question_forms import FORMS

FIELDS = typed_fields()
GUARD = guard_names()
NAME_FIELDS = [f for f in FIELDS if any(isinstance(a, dict) and a.get("name") for a in f.answers)]


def test_the_bank_has_its_fifteen_typed_answers_and_marks_its_ten_names():
    assert len(FIELDS) == 15
    assert len(NAME_FIELDS) == 10


def test_the_guard_holds_every_country_and_every_capital():
    assert len(country_names()) >= 250
    assert len(capital_names()) >= 195
    assert len(GUARD) >= 650


# Accepted: what a teacher marks right.

ACCEPTED = [
    # long vowels written or not
    ("نزاربايف", ["نزارباييف"], {}),
    ("نزار باييف", ["نزارباييف"], {}),
    ("بشكيك", ["بيشكيك"], {}),
    ("ميدفدف", ["ميدفيديف"], {"person": True}),
    # the letter pairs
    ("تشكند", ["طشقند"], {}),
    ("طاشكند", ["طشقند"], {}),
    ("نور صلطان", ["نور سلطان"], {}),
    ("سيرجي لافروف", ["سيرغي لافروف"], {"person": True}),
    # doubled and single letters
    ("فورين بوليسّي", ["فورين بوليسي"], {}),
    ("فوررين بوليسي", ["فورين بوليسي"], {}),
    # a typo in a long name
    ("لوكاشينكا", ["لوكاشينكو"], {"person": True}),
    ("أوزبكيستان", ["أوزبكستان"], {}),
    # head words listed with the answer, added or dropped
    ("جمهورية أوزبكستان", ["أوزبكستان"], {"heads": ["جمهورية"]}),
    ("أوزبكستان", ["جمهورية أوزبكستان"], {"heads": ["جمهورية"]}),
    ("وارسو", ["حلف وارسو"], {"heads": ["حلف", "منظمة"]}),
    ("منظمة حلف وارسو", ["حلف وارسو"], {"heads": ["حلف", "منظمة"]}),
    ("مدينة ألماتي", ["ألماتي"], {"heads": ["مدينة"]}),
    # a person's given names dropped, or written as Arabic writes them
    ("باشينيان", ["نيكول باشينيان"], {"person": True}),
    ("جومارت توكايف", ["قاسم جومارت توكايف"], {"person": True}),
    ("ديمتري ميدفيديف", ["دميتري ميدفيديف"], {"person": True}),
]


@pytest.mark.parametrize(("response", "accepted", "options"), ACCEPTED)
def test_a_name_accepts_the_spellings_a_teacher_marks_right(response, accepted, options):
    assert matches_name(response, accepted, **options)


REFUSED = [
    # a head word not listed with the answer changes the meaning
    ("ميثاق الأمم المتحدة", ["الأمم المتحدة"], {"heads": ["منظمة"]}),
    ("الأمم المتحدة", ["ميثاق الأمم المتحدة"], {"heads": ["منظمة"]}),
    ("معاهدة طشقند", ["طشقند"], {"heads": ["مدينة"]}),
    ("طشقند", ["معاهدة طشقند"], {}),
    # a head word alone is no answer
    ("جمهورية", ["جمهورية أوزبكستان"], {"heads": ["جمهورية"]}),
    # a wrong given name, however close its letters
    ("فلاديمير ميدفيديف", ["دميتري ميدفيديف"], {"person": True}),
    ("بيتر ميدفيديف", ["دميتري ميدفيديف"], {"person": True}),
    ("سيرغي لوكاشينكو", ["ألكسندر لوكاشينكو"], {"person": True}),
    ("سيرج باشينيان", ["نيكول باشينيان"], {"person": True}),
    # a given name is added only where an accepted spelling has it
    ("دميتري ميدفيديف", ["ميدفيديف"], {"person": True}),
    # without "person", leading words are not dropped
    ("باشينيان", ["نيكول باشينيان"], {}),
    # a short name has no typo to spare, and its vowels differ by one letter at most
    ("مايوت", ["ألماتي"], {}),
    ("أوس", ["أوش"], {}),
    ("بوتان", ["بوتين"], {"person": True}),
    # names that look alike stay apart
    ("روسيا البيضاء", ["روسيا"], {}),
    ("جلال آباد", ["أوش"], {"heads": ["منطقة"]}),
]


@pytest.mark.parametrize(("response", "accepted", "options"), REFUSED)
def test_a_name_refuses_another_name(response, accepted, options):
    assert not matches_name(response, accepted, **options)


@pytest.mark.parametrize("key", STANS)
def test_the_stans_stay_apart_however_they_are_spelt(key):
    rng = random.Random(key)
    for other in STANS:
        if other == key:
            continue
        for spelling in [other, *(respell(other, rng) for _ in range(40))]:
            assert not matches_name(spelling, [key], heads=["جمهورية"]), (key, spelling)


def test_the_skeleton_keeps_the_first_letter_and_the_consonants():
    assert name_skeleton("نزارباييف") == name_skeleton("نزار بايف") == "نزربف"
    assert name_skeleton("طشقند") == name_skeleton("تاشكند") == "تشكند"


# The per-answer rules: marked, never inferred; strict wins.


def test_a_name_is_lenient_only_when_marked():
    assert not answer_matches("توكاييف", ["توكايف"])
    assert not answer_matches("توكاييف", [{"text": "توكايف"}])
    assert answer_matches("توكاييف", [{"text": "توكايف", "name": True}])


def test_strict_wins_over_name_leniency():
    assert not answer_matches("توكاييف", [{"text": "توكايف", "name": True, "strict": True}])
    assert answer_matches("توكايف", [{"text": "توكايف", "name": True, "strict": True}])


@pytest.mark.parametrize(
    ("answer", "path"),
    [
        ({"text": "توكايف", "name": "yes"}, (0, "name")),
        ({"text": "أوزبكستان", "heads": ["جمهورية"]}, (0, "heads")),
        ({"text": "أوزبكستان", "name": True, "heads": "جمهورية"}, (0, "heads")),
        ({"text": "15", "tolerance": -1}, (0, "tolerance")),
        ({"text": "طشقند", "tolerance": 1}, (0, "tolerance")),
        ({"text": "طشقند", "given": ["x"]}, (0, "given")),
    ],
)
def test_a_malformed_name_or_tolerance_is_named_by_its_path(answer, path):
    problems = Problems()
    check_answers([answer], (), problems)
    assert [p.path for p in problems] == [path]


def test_a_name_answer_reads_back_from_the_editor():
    answers = [
        {"text": "أوزبكستان", "variants": ["أوزبيكستان"], "name": True, "heads": ["جمهورية", "دولة"]},
        {"text": "نيكول باشينيان", "name": "person"},
        {"text": "15", "tolerance": 1},
    ]
    form = {}
    for i, row in enumerate(answers_for_editor(answers)):
        for key in ("text", "variants", "name", "heads", "tolerance"):
            form[f"answer-{i}-{key}"] = [row[key]]
    assert answers_from_editor(form) == answers


def test_the_short_answer_form_shows_the_name_choice_and_head_words():
    data = {"answers": [{"text": "أوزبكستان", "name": True, "heads": ["جمهورية"]}]}
    html = render_to_string(
        "quizzes/questions/edit_short.html", {"f": get_type("short").editor_fields(data), "problems": []}
    )
    assert '<option value="name" selected>' in html
    assert 'name="answer-0-heads" value="جمهورية"' in html


def test_a_cloze_gap_keeps_its_name_choice_through_the_editor():
    cloze = get_type("cloze")
    data = {"text": "في [[city]]", "gaps": [{"key": "city", "answers": [{"text": "أوش", "name": True}]}]}
    fields = FORMS["cloze"].editor(cloze.editor_fields(data))
    form = {"text": [data["text"]], **{name: [value] for name, value in fields.items()}}
    assert cloze.data_from_editor(form)["gaps"][0]["answers"] == [{"text": "أوش", "name": True}]


# The guard: no typed answer of the bank accepts a name that is not its own.


def test_no_typed_answer_accepts_another_name_of_the_bank_the_documents_or_the_world():
    wrong, checked = [], 0
    for typed in FIELDS:
        for thing, name in wrong_names(typed, GUARD):
            checked += 1
            if answer_matches(name, typed.answers):
                wrong.append(f"{typed.where}: accepts {thing} «{name}»")
    assert not wrong, "\n".join(wrong)
    assert checked >= 15 * 600


def test_no_typed_answer_accepts_the_other_answers_and_options_of_its_question():
    wrong = [
        f"{typed.where}: accepts «{other}»"
        for typed in FIELDS
        for other in typed.distractors
        if not typed.is_own(other) and answer_matches(other, typed.answers)
    ]
    assert not wrong, "\n".join(wrong)
    assert sum(len(t.distractors) for t in FIELDS) > 0


WRONG = [(typed, name) for typed in FIELDS for _, name in wrong_names(typed, GUARD)]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WRONG), st.randoms(use_true_random=False), st.integers(1, 3))
def test_a_wrong_name_respelt_as_arabic_writes_names_is_still_refused(pair, rng, steps):
    typed, name = pair
    spelling = respell(name, rng, steps)
    assert not answer_matches(spelling, typed.answers) or typed.is_own(spelling), (typed.where, name, spelling)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([(t, s) for t in NAME_FIELDS for s in t.name_spellings]),
    st.randoms(use_true_random=False),
    st.integers(1, 3),
)
def test_a_name_answer_accepts_its_key_respelt_as_arabic_writes_names(pair, rng, steps):
    typed, spelling = pair
    respelt = respell(spelling, rng, steps)
    assert answer_matches(respelt, typed.answers), (typed.where, spelling, respelt)


def test_every_name_answer_accepts_a_fixed_sample_of_its_respellings():
    refused = [
        f"{typed.where}: refuses «{r}» for «{s}»"
        for typed in NAME_FIELDS
        for s in typed.name_spellings
        for r in respellings(s)
        if not answer_matches(r, typed.answers)
    ]
    assert not refused, "\n".join(refused)


# Old answers keep their grades: marking an answer as a name changes how new answers are graded.


@pytest.mark.django_db
def test_marking_a_name_grades_new_answers_and_leaves_stored_ones_as_they_were(student, sample_set, instructor):
    from datetime import UTC, datetime

    from quizzes.bank.importing import stored_question
    from quizzes.bank.writing import save_question
    from quizzes.models import Review
    from quizzes.study import answering, cards

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    question = sample_set.questions.get(key="president")

    def answer(response):
        pending = cards.show_again(student, question.pk, now)
        pending = answering.check(student, sample_set, pending.token, {"response": [response]}, now)
        return answering.rate(student, sample_set, pending.token, 3, now)

    before = answer("توكاايف")
    assert before.score == 0
    raw = stored_question(sample_set.questions.get(pk=question.pk))
    raw["answers"] = [{"text": "توكايف", "variants": ["توكاييف"], "name": "person"}]
    save_question(sample_set, raw, author=instructor)

    review = Review.objects.get(student=student, question=question)
    assert review.score == 0
    assert answer("توكاايف").score == 1
    assert Review.objects.get(pk=review.pk).score == 0
