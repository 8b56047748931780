"""Who may do what: every URL of the app walked as each kind of person. The single table of access."""

import pytest
from django.urls import reverse

from quizzes import classes
from quizzes.models import QuestionSet

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
        {"anonymous": LOGIN, "student": 404, "other_student": 404, "instructor": 404, "other_instructor": 404},
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
        "others-set": ["others-private"],
    }[key]
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, name, key, expected", TABLE, ids=[f"{m}-{n}-{k}" for m, n, k, _ in TABLE])
def test_access(client, world, role, method, name, key, expected):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    url = url_for(name, key, world)
    response = getattr(client, method)(url, {"code": "NOPE", "name": "x"} if method == "post" else None)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (url, response.status_code)
    else:
        assert response.status_code == want, (role, url, response.status_code)


def test_every_app_url_is_in_the_table():
    from quizzes.urls import urlpatterns

    named = {p.name for p in urlpatterns}
    covered = {name for _, name, _, _ in TABLE} | {"study_check", "study_rate", "study_suspend", "study_report"}
    assert named <= covered, named - covered
