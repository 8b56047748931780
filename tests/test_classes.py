import pytest

from quizzes import classes

pytestmark = pytest.mark.django_db


def test_join_codes_use_only_unambiguous_characters():
    for _ in range(200):
        code = classes.new_code()
        assert len(code) == classes.CODE_LENGTH
        assert not set(code) & set("0O1IL")


@pytest.mark.parametrize(
    "typed, expected", [("abc-2345", "ABC2345"), (" abc 2345 ", "ABC2345"), ("ABC٢٣٤٥", "ABC2345")]
)
def test_a_typed_code_is_cleaned_before_lookup(typed, expected):
    assert classes.clean_code(typed) == expected


def test_a_student_joins_with_the_code_in_any_case(instructor, student):
    klass = classes.create_class(instructor, "صف")
    assert classes.join(student, klass.join_code.lower()) == klass
    assert list(klass.students.all()) == [student]


def test_an_unknown_code_is_refused(student):
    with pytest.raises(classes.JoinRefused):
        classes.join(student, "ZZZZZZZ")


def test_regenerating_the_code_retires_the_old_one(instructor, student):
    klass = classes.create_class(instructor, "صف")
    old = klass.join_code
    new = classes.regenerate_code(klass)
    assert new != old
    with pytest.raises(classes.JoinRefused):
        classes.join(student, old)


def test_assigning_a_set_twice_updates_its_due_date(instructor, sample_set):
    import datetime

    klass = classes.create_class(instructor, "صف")
    classes.assign(klass, sample_set)
    classes.assign(klass, sample_set, datetime.date(2026, 12, 1))
    assert klass.assignments.get().due_date == datetime.date(2026, 12, 1)
