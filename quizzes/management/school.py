"""A synthetic school for the tools that measure the app (`benchmark`, `load_school`): an instructor, a
true/false set, a class of students assigned the set, and a quiz on it. Built the same way for both;
imported by management commands only, never by a view or an area.
"""

from django.contrib.auth.models import Group

from quizzes.bank.writing import record_version
from quizzes.models import INSTRUCTORS_GROUP, Assignment, Klass, Question, QuestionSet, Quiz, User


def instructor(username, password):
    """The instructor account `username`, created or given `password` (an already hashed one)."""
    teacher, _ = User.objects.get_or_create(username=username, defaults={"password": password})
    if teacher.password != password:
        teacher.password = password
        teacher.save(update_fields=["password"])
    teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    return teacher


def true_false_set(owner, slug, title, n_questions):
    """The set `slug` of `n_questions` true/false statements quoting one document, each with its
    version; an existing set is kept as it is."""
    qset, created = QuestionSet.objects.get_or_create(
        slug=slug, defaults={"title": title, "owner": owner, "is_public": False}
    )
    if not created:
        return qset
    qset.sources.create(key="doc0", title="Document", file="doc.txt")
    Question.objects.bulk_create(
        Question(
            question_set=qset,
            key=f"q{i}",
            type="true_false",
            prompt=f"Statement {i}",
            data={"answer": True},
            sources=[{"doc": "doc0", "quote": "quote"}],
            position=i,
        )
        for i in range(n_questions)
    )
    for question in Question.objects.filter(question_set=qset):
        record_version(question)
    return qset


def students(usernames, **fields):
    """The accounts named `usernames` (created where missing, with `fields`), in that order."""
    usernames = list(usernames)
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    User.objects.bulk_create(User(username=name, **fields) for name in usernames if name not in existing)
    by_name = User.objects.in_bulk(usernames, field_name="username")
    return [by_name[name] for name in usernames]


def open_class(name, join_code, teacher, members, qset):
    """The class with `join_code`, taught by `teacher`, with `members` in it and `qset` assigned."""
    klass, _ = Klass.objects.get_or_create(join_code=join_code, defaults={"name": name})
    klass.instructors.add(teacher)
    klass.students.add(*members)
    Assignment.objects.get_or_create(klass=klass, question_set=qset)
    return klass


def give_quiz(teacher, qset, klass, title, **settings):
    """The quiz `title` on `qset`, given to `klass`; `settings` (question count, time limit…) when new."""
    quiz, _ = Quiz.objects.get_or_create(title=title, owner=teacher, question_set=qset, defaults=settings)
    quiz.classes.add(klass)
    return quiz
