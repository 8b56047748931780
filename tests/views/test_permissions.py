"""Who may do what: every URL of the app walked as each kind of person. The single table of access."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.models import CardState, PendingAnswer, ProblemReport, QuestionSet, Review
from quizzes.study import answering, cards

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "student", "other_student", "instructor", "other_instructor")


@pytest.fixture
def world(make_user, sample_set):
    teacher = sample_set.owner
    student = make_user("member")
    other_student = make_user("outsider")
    other_teacher = make_user("other-teacher", instructor=True)
    sample_set.is_public = False
    sample_set.save()
    sample_set.sources.filter(key="doc0").update(text="تم إنشاء المنظمة في عام 2002.")
    klass = classes.create_class(teacher, "الصف الأول")
    klass.students.add(student)
    classes.assign(klass, sample_set)
    other_class = classes.create_class(other_teacher, "صف آخر")
    QuestionSet.objects.create(slug="others-private", title="Private", owner=other_teacher)
    return {
        "people": {
            "anonymous": None,
            "student": student,
            "other_student": other_student,
            "instructor": teacher,
            "other_instructor": other_teacher,
        },
        "klass": klass,
        "other_class": other_class,
    }


LOGIN = "login"
# (method, url name, args key, {role: expected status}); "login" means a redirect to the login page.
TABLE = [
    (
        "get",
        "healthz",
        None,
        {"anonymous": 200, "student": 200, "other_student": 200, "instructor": 200, "other_instructor": 200},
    ),
    (
        "get",
        "home",
        None,
        {"anonymous": 200, "student": 302, "other_student": 302, "instructor": 302, "other_instructor": 302},
    ),
    (
        "get",
        "dashboard",
        None,
        {"anonymous": LOGIN, "student": 200, "other_student": 200, "instructor": 200, "other_instructor": 200},
    ),
    (
        "get",
        "settings",
        None,
        {"anonymous": LOGIN, "student": 200, "other_student": 200, "instructor": 200, "other_instructor": 200},
    ),
    (
        "get",
        "signup",
        None,
        {"anonymous": 200, "student": 302, "other_student": 302, "instructor": 302, "other_instructor": 302},
    ),
    (
        "get",
        "classes",
        None,
        {"anonymous": LOGIN, "student": 200, "other_student": 200, "instructor": 200, "other_instructor": 200},
    ),
    (
        "get",
        "class_detail",
        "klass",
        {"anonymous": LOGIN, "student": 200, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "get",
        "set_detail",
        "set",
        {"anonymous": LOGIN, "student": 200, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "get",
        "set_detail",
        "others-set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 404, "other_instructor": 200},
    ),
    (
        "get",
        "study",
        "set",
        {"anonymous": LOGIN, "student": 200, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "post",
        "study_check",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_dont_know",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_rate",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_override",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_suspend",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_report",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "post",
        "study_undo",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "study_restart",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "restore_card",
        "set",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 302, "other_instructor": 404},
    ),
    (
        "get",
        "source",
        "set-source",
        {"anonymous": LOGIN, "student": 200, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "get",
        "set_problems",
        "set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "post",
        "resolve_problem",
        "set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 302, "other_instructor": 404},
    ),
    (
        "get",
        "set_problems",
        "others-set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 404, "other_instructor": 200},
    ),
    (
        "post",
        "class_create",
        None,
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 302, "other_instructor": 302},
    ),
    (
        "post",
        "class_join",
        None,
        {"anonymous": LOGIN, "student": 302, "other_student": 302, "instructor": 302, "other_instructor": 302},
    ),
    (
        "post",
        "class_regenerate",
        "klass",
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "class_assign",
        "klass",
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "class_unassign",
        "klass",
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "class_add_instructor",
        "klass",
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "class_leave",
        "klass",
        {"anonymous": LOGIN, "student": 302, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "get",
        "my_sets",
        None,
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 200, "other_instructor": 200},
    ),
    (
        "get",
        "set_export",
        "set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "post",
        "set_import_preview",
        None,
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 422, "other_instructor": 422},
    ),
    (
        "post",
        "set_import_apply",
        None,
        {"anonymous": LOGIN, "student": 403, "other_student": 403, "instructor": 422, "other_instructor": 422},
    ),
    (
        "get",
        "set_sources",
        "set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "get",
        "set_questions",
        "set",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "get",
        "question_history",
        "question",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 200, "other_instructor": 404},
    ),
    (
        "post",
        "question_retire",
        "question",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 302, "other_instructor": 404},
    ),
    (
        "post",
        "question_restore_version",
        "question",
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 404, "other_instructor": 404},
    ),
    (
        "get",
        "admin:index",
        None,
        {"anonymous": 302, "student": 302, "other_student": 302, "instructor": 302, "other_instructor": 302},
    ),
]


def url_for(name, key, world):
    args = {
        None: [],
        "klass": [world["klass"].pk],
        "set": ["sample"],
        "set-source": ["sample", "doc0"],
        "others-set": ["others-private"],
        "question": ["sample", "founded"],
    }[key]
    return reverse(name, args=args)


def card_form(name, world):
    """A real request to a card endpoint: the token of a card shown to the class's student, at
    the stage the endpoint acts on (checked for a rating, wrongly typed for "I was right")."""
    student = world["people"]["student"]
    qset = QuestionSet.objects.get(slug="sample")
    key = {"study_rate": "founded", "study_override": "president"}.get(name, "capital")
    shown = cards.show_again(student, qset.questions.get(key=key).pk, timezone.now())
    if name == "study_rate":
        answering.check(student, qset, shown.token, {"response": ["2002"]}, timezone.now())
        return {"token": shown.token, "rating": "3"}
    if name == "study_override":
        answering.check(student, qset, shown.token, {"response": ["نزارباييف"]}, timezone.now())
    if name == "study_check":
        return {"token": shown.token, "response": "a"}
    if name == "study_report":
        return {"token": shown.token, "reason": "unclear", "comment": ""}
    return {"token": shown.token}


def post_data(name, world):
    if name in CARD_ENDPOINTS:
        return card_form(name, world)
    if name == "restore_card":
        question = QuestionSet.objects.get(slug="sample").questions.get(key="capital")
        CardState.objects.create(
            student=world["people"]["student"], question=question, due=timezone.now(), suspended_at=timezone.now()
        )
        return {"question": question.key}
    return {"code": "NOPE", "name": "x"}


CARD_ENDPOINTS = {"study_check", "study_dont_know", "study_rate", "study_override", "study_suspend", "study_report"}
# What each card endpoint writes when the card's own student sends it; nobody else may write it.
WRITES = {
    "study_check": lambda: PendingAnswer.objects.filter(checked_at__isnull=False).count(),
    "study_dont_know": lambda: Review.objects.count(),
    "study_rate": lambda: Review.objects.count(),
    "study_override": lambda: Review.objects.filter(overridden_score__isnull=False).count(),
    "study_suspend": lambda: CardState.objects.filter(suspended_at__isnull=False).count(),
    "study_report": lambda: ProblemReport.objects.count(),
    "restore_card": lambda: CardState.objects.filter(suspended_at__isnull=False).count(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, name, key, expected", TABLE, ids=[f"{m}-{n}-{k}" for m, n, k, _ in TABLE])
def test_access(client, world, role, method, name, key, expected):
    person = world["people"][role]
    url = url_for(name, key, world)
    data = post_data(name, world) if method == "post" else None
    written = WRITES.get(name, lambda: None)()
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(url, data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (url, response.status_code)
    else:
        assert response.status_code == want, (role, url, response.status_code)
    if name in WRITES:
        # The card's own student changes something; a refused request changes nothing.
        changed = WRITES[name]() != written
        assert changed == (role == "student"), (role, name)


def test_every_app_url_is_in_the_table():
    from quizzes.urls import urlpatterns

    named = {p.name for p in urlpatterns}
    covered = {name for _, name, _, _ in TABLE}
    assert named <= covered, named - covered
