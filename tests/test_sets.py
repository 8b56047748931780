"""Which sets a person sees, and the cached notes of a set's questions."""

import pytest

from quizzes.bank.importing import stored_question
from quizzes.bank.sets import answer_notes
from quizzes.bank.writing import save_question

pytestmark = pytest.mark.django_db


def test_answer_notes_are_cached_until_the_question_is_written(sample_set, instructor, django_assert_num_queries):
    question = sample_set.questions.get(key="founded")
    notes = answer_notes(sample_set, question.pk)
    assert notes["explanation"] == "أنشئت عام 2002."
    assert notes["sources"] == [
        {"key": "doc0", "title": "وثيقة تجريبية", "quote": "تم إنشاء المنظمة في عام 2002", "has_text": False}
    ]
    with django_assert_num_queries(0):
        assert answer_notes(sample_set, question.pk) == notes
    save_question(sample_set, {**stored_question(question), "explanation": "شرح جديد."}, author=instructor)
    assert answer_notes(sample_set, question.pk)["explanation"] == "شرح جديد."


def test_a_set_reached_several_ways_is_listed_once_with_its_own_question_count(make_user, sample_set):
    from quizzes import classes
    from quizzes.bank.sets import visible_sets

    teacher = sample_set.owner
    klass = classes.create_class(teacher, "صف كبير")
    klass.students.add(*(make_user(f"s{i}") for i in range(5)))
    classes.assign(klass, sample_set)
    student = klass.students.first()
    for person in (teacher, student):
        sets = list(visible_sets(person))
        assert [s.slug for s in sets] == ["sample"]
        assert sets[0].question_count == sample_set.questions.filter(retired_at__isnull=True).count()


def test_one_set_is_seen_by_exactly_those_whose_list_of_sets_holds_it(make_user, sample_set):
    """`visible_set` checks one set by its columns, then each way in through a class or a share;
    `visible_sets` lists them in one query. Both must say the same for every kind of person and set."""
    from django.contrib.auth.models import AnonymousUser

    from quizzes import classes
    from quizzes.bank.sets import visible_set, visible_sets
    from quizzes.models import QuestionSet

    teacher = sample_set.owner
    people = {
        "owner": teacher,
        "staff": make_user("staff", is_staff=True),
        "student": make_user("member"),
        "removed": make_user("removed"),
        "co-instructor": make_user("co", instructor=True),
        "editor": make_user("editor", instructor=True),
        "stranger": make_user("stranger"),
        "anonymous": AnonymousUser(),
    }
    klass = classes.create_class(teacher, "الصف")
    klass.students.add(people["student"], people["removed"])
    klass.instructors.add(people["co-instructor"])
    classes.remove(klass, people["removed"])

    def copy(slug, **fields):
        return QuestionSet.objects.create(slug=slug, title=slug, owner=fields.pop("owner", teacher), **fields)

    assigned = copy("assigned")
    classes.assign(klass, assigned)
    shared = copy("shared")
    shared.editors.add(people["editor"])
    own = copy("own", personal=True, owner=people["student"])
    sets = [copy("public", is_public=True), copy("private"), assigned, shared, own]
    seen = 0
    for name, person in people.items():
        # Someone not logged in reads the public sets only.
        listed = {s.slug for s in visible_sets(person, annotate=False)} if person.is_authenticated else {"public"}
        for qset in sets:
            one = visible_set(person, qset.slug) is not None
            assert one == (qset.slug in listed), (name, qset.slug)
            seen += one
    # Not a rule that refuses or admits everyone: each kind of person sees a different part.
    assert 0 < seen < len(people) * len(sets)
