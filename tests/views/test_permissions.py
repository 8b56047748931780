"""Who may do what: every URL of the app walked as each kind of person. The single table of access.

The people: a student of the class and one of no class; the instructor who owns the set, the class
and the quiz; a co-instructor (teaching another class the same quiz and set are set for); an
instructor of nothing here; staff (who read and manage everything, as in the admin)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quizzes import classes, invitations
from quizzes.attempts import attempts
from quizzes.bank import images, own_sets, writing
from quizzes.learn import sessions as learning
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    CardState,
    InstructorInvitation,
    LearnSession,
    LtiPlatform,
    LtiToolKey,
    Membership,
    PendingAnswer,
    ProblemReport,
    Question,
    QuestionSet,
    QuestionVersion,
    Quiz,
    QuizOverride,
    Review,
    SetLink,
    SetSlugAlias,
)
from quizzes.study import answering, cards

from ..images import png
from ..learn_answers import right_form

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "student", "other_student", "instructor", "co_instructor", "other_instructor", "staff")


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
    # The slug the set had before it was renamed: its pages redirect whoever may reach them.
    SetSlugAlias.objects.create(slug="sample-old", question_set=sample_set)
    co_teacher = make_user("co-teacher", instructor=True)
    co_student = make_user("co-member")
    co_class = classes.create_class(co_teacher, "الصف الثاني")
    co_class.students.add(co_student)
    classes.assign(co_class, sample_set)
    quiz = Quiz.objects.create(
        title="اختبار",
        owner=teacher,
        question_set=sample_set,
        time_limit=30,
        attempts_allowed=0,
        shuffle_questions=False,
    )
    quiz.classes.add(klass, co_class)
    now = timezone.now()
    finished = attempts.start(quiz, student, now)
    attempts.submit(finished, now)
    co_finished = attempts.start(quiz, co_student, now)
    attempts.submit(co_finished, now)
    # The class's student's own set, with a question, a picture, an open link and a revoked one.
    own = QuestionSet.objects.create(slug="own-set", title="مجموعتي", owner=student, personal=True)
    writing.save_question(own, {"id": "card", "type": "flashcard", "prompt": "سؤال", "back": "جواب"}, author=student)
    revoked_token = own_sets.create_link(own, now)
    own_sets.revoke_link(own, SetLink.objects.get().pk, now)
    own_token = own_sets.create_link(own, now)
    return {
        "own_token": own_token,
        "revoked_token": revoked_token,
        "people": {
            "anonymous": None,
            "student": student,
            "other_student": other_student,
            "instructor": teacher,
            "co_instructor": co_teacher,
            "other_instructor": other_teacher,
            "staff": make_user("staff", is_staff=True),
        },
        "co_student": co_student,
        "co_class": co_class,
        "co_finished": co_finished,
        "klass": klass,
        "other_class": other_class,
        "quiz": quiz,
        "finished": finished,
    }


LOGIN = "login"
# (method, url name, args key, {role: expected status}); "login" means a redirect to the login page.
TABLE = [
    (
        "get",
        "healthz",
        None,
        {
            "anonymous": 200,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "home",
        None,
        {
            "anonymous": 200,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "dashboard",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "settings",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "signup",
        None,
        {
            "anonymous": 200,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "classes",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "class_detail",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_detail",
        "set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_link",
        "set-id",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "set_link",
        "others-set-id",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 302,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "set_detail",
        "old-slug",
        {
            "anonymous": LOGIN,
            "student": 301,
            "other_student": 404,
            "instructor": 301,
            "other_instructor": 404,
            "co_instructor": 301,
            "staff": 301,
        },
    ),
    (
        "get",
        "set_questions",
        "old-slug",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 301,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 301,
        },
    ),
    (
        "post",
        "source_add",
        "old-slug",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_detail",
        "others-set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 200,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "learn_start",
        "set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "post",
        "learn_start",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "learn_start",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "learn_session",
        "learn-session",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "learn_answer",
        "learn-session",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "study",
        "set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "post",
        "study_check",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_dont_know",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_rate",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_override",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_suspend",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_report",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "study_undo",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "post",
        "study_restart",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "post",
        "restore_card",
        "set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "source",
        "set-source",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_problems",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "resolve_problem",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "set_problems",
        "others-set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 200,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "class_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_join",
        None,
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_regenerate",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_assign",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_unassign",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_add_instructor",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "class_leave",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "class_remove_student",
        "klass-student",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "class_remove_student",
        "klass-student",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "class_remove_student",
        "klass-outsider",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "my_sets",
        None,
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "import_format",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "import_template",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_export",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_export_as",
        "set-apkg",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_export_as",
        "set-unknown-format",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_anki_deck",
        "set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_anki_deck",
        "old-slug",
        {
            "anonymous": LOGIN,
            "student": 301,
            "other_student": 404,
            "instructor": 301,
            "other_instructor": 404,
            "co_instructor": 301,
            "staff": 301,
        },
    ),
    (
        "get",
        "set_export_zip",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "image",
        "image",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "image",
        "others-image",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 200,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "image_upload",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "image_upload",
        "set",
        {
            "anonymous": LOGIN,
            "student": 405,
            "other_student": 405,
            "instructor": 405,
            "other_instructor": 405,
            "co_instructor": 405,
            "staff": 405,
        },
    ),
    (
        "post",
        "set_import_preview",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 422,
            "other_instructor": 422,
            "co_instructor": 422,
            "staff": 422,
        },
    ),
    (
        "post",
        "set_import_apply",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 422,
            "other_instructor": 422,
            "co_instructor": 422,
            "staff": 422,
        },
    ),
    (
        "get",
        "set_sources",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "set_questions",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "question_history",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "question_retire",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "question_restore_version",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "post",
        "set_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "set_settings",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "set_settings",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "set_sharing",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "set_sharing",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "source_add",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "quick_entry",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "quick_entry",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 422,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 422,
        },
    ),
    (
        "get",
        "question_new",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "question_new",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "question_preview",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "question_edit",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "question_edit",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "question_move",
        "question",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "question_reorder",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "quizzes",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_detail",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "quiz_start",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "quiz_edit",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_attempts",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_grades_csv",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_regrade",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "quiz_regrade",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "attempt",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "attempt_save",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "attempt_flag",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "attempt_submit",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "attempt_submit",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "attempt_result",
        "finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "attempt_reopen",
        "finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "attempt_extra_time",
        "attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "my_report",
        None,
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "post",
        "fit_schedule",
        None,
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "post",
        "fit_defaults",
        None,
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 302,
        },
    ),
    (
        "get",
        "class_report",
        "klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "class_student_report",
        "klass-student",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "class_student_report",
        "klass-outsider",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "item_analysis",
        "klass-set",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "item_analysis",
        "klass-others-set",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "quiz_grading",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_grading_question",
        "quiz-question",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    # Marking the owner's class's student's answer: not the co-instructor's to mark.
    (
        "post",
        "quiz_grading_question",
        "quiz-question",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "attempt_review",
        "finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "attempt_review",
        "finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "quiz_overview",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "quiz_overrides",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "quiz_overrides",
        "quiz",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "quiz_override_delete",
        "quiz-override",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    # The co-instructor's own class and their own students' attempts.
    (
        "get",
        "class_detail",
        "co-klass",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "co_instructor": 200,
            "other_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "get",
        "class_report",
        "co-klass",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 404,
            "co_instructor": 200,
            "other_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "attempt_reopen",
        "co-finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "co_instructor": 302,
            "other_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "attempt_extra_time",
        "co-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "co_instructor": 302,
            "other_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "post",
        "quiz_grading_question",
        "co-quiz-question",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "co_instructor": 302,
            "other_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "attempt_review",
        "co-finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "co_instructor": 200,
            "other_instructor": 404,
            "staff": 200,
        },
    ),
    (
        "post",
        "attempt_review",
        "co-finished-attempt",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 302,
            "co_instructor": 302,
            "other_instructor": 404,
            "staff": 302,
        },
    ),
    (
        "get",
        "teaching_home",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "invitation_list",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "post",
        "invitation_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 302,
        },
    ),
    (
        "post",
        "invitation_revoke",
        "invitation",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 302,
        },
    ),
    (
        "get",
        "invitation_accept",
        "invitation-token",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 200,
            "instructor": 400,
            "other_instructor": 400,
            "co_instructor": 400,
            "staff": 400,
        },
    ),
    (
        "post",
        "invitation_accept",
        "invitation-token",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 302,
            "instructor": 400,
            "other_instructor": 400,
            "co_instructor": 400,
            "staff": 400,
        },
    ),
    (
        "post",
        "judge_override",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 302,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 302,
        },
    ),
    # A student's own set (the class's student owns it) is reached by its owner alone: no instructor,
    # not even of the student's class, and not staff (who see it in the admin only).
    (
        "get",
        "set_detail",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "study",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_link",
        "own-set-id",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "image",
        "own-image",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_anki_deck",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_export",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_questions",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "question_new",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "quick_entry",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "quick_entry",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 422,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_settings",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_sharing",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "item_analysis",
        "klass-own-set",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_links",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 200,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "set_links",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "set_links",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "set_links",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "set_link_revoke",
        "own-link",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "own_set_delete",
        "own-set",
        {
            "anonymous": LOGIN,
            "student": 302,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "post",
        "own_set_delete",
        "set",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    # A classmate copies the set through its link; its owner, instructors and staff get no copy.
    (
        "get",
        "shared_set",
        "link-token",
        {
            "anonymous": LOGIN,
            "student": 400,
            "other_student": 200,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 403,
        },
    ),
    (
        "post",
        "shared_set",
        "link-token",
        {
            "anonymous": LOGIN,
            "student": 400,
            "other_student": 302,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 403,
        },
    ),
    (
        "get",
        "shared_set",
        "revoked-token",
        {
            "anonymous": LOGIN,
            "student": 410,
            "other_student": 410,
            "instructor": 410,
            "other_instructor": 410,
            "co_instructor": 410,
            "staff": 410,
        },
    ),
    (
        "post",
        "shared_set",
        "revoked-token",
        {
            "anonymous": LOGIN,
            "student": 410,
            "other_student": 410,
            "instructor": 410,
            "other_instructor": 410,
            "co_instructor": 410,
            "staff": 410,
        },
    ),
    (
        "get",
        "shared_set",
        "bad-token",
        {
            "anonymous": LOGIN,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "lti_jwks",
        None,
        {
            "anonymous": 200,
            "student": 200,
            "other_student": 200,
            "instructor": 200,
            "other_instructor": 200,
            "co_instructor": 200,
            "staff": 200,
        },
    ),
    (
        "get",
        "lti_launch",
        None,
        {
            "anonymous": 400,
            "student": 400,
            "other_student": 400,
            "instructor": 400,
            "other_instructor": 400,
            "co_instructor": 400,
            "staff": 400,
        },
    ),
    (
        "post",
        "lti_launch",
        None,
        {
            "anonymous": 400,
            "student": 400,
            "other_student": 400,
            "instructor": 400,
            "other_instructor": 400,
            "co_instructor": 400,
            "staff": 400,
        },
    ),
    (
        "get",
        "lti_open",
        "lti-token",
        {
            "anonymous": 404,
            "student": 404,
            "other_student": 404,
            "instructor": 404,
            "other_instructor": 404,
            "co_instructor": 404,
            "staff": 404,
        },
    ),
    (
        "get",
        "lti_platforms",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "get",
        "lti_platform_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "post",
        "lti_platform_create",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "get",
        "lti_platform_edit",
        "lti-platform",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "post",
        "lti_platform_edit",
        "lti-platform",
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 200,
        },
    ),
    (
        "post",
        "lti_keys_rotate",
        None,
        {
            "anonymous": LOGIN,
            "student": 403,
            "other_student": 403,
            "instructor": 403,
            "other_instructor": 403,
            "co_instructor": 403,
            "staff": 302,
        },
    ),
    (
        "get",
        "admin:index",
        None,
        {
            "anonymous": 302,
            "student": 302,
            "other_student": 302,
            "instructor": 302,
            "other_instructor": 302,
            "co_instructor": 302,
            "staff": 200,
        },
    ),
]


def url_for(name, key, world):
    args = {
        None: [],
        "klass": [world["klass"].pk],
        "set": ["sample"],
        "set-source": ["sample", "doc0"],
        "set-apkg": ["sample", "apkg"],
        "set-unknown-format": ["sample", "docx"],
        "others-set": ["others-private"],
        "old-slug": ["sample-old"],
        "set-id": [QuestionSet.objects.get(slug="sample").uuid],
        "others-set-id": [QuestionSet.objects.get(slug="others-private").uuid],
        "question": ["sample", "founded"],
        "quiz": [world["quiz"].pk],
        "quiz-question": [world["quiz"].pk, _founded(world).pk],
        "quiz-override": [world["quiz"].pk, _override(world).pk] if key == "quiz-override" else [],
        "co-quiz-question": [world["quiz"].pk, _founded(world).pk],
        "finished-attempt": [world["finished"].pk],
        "attempt": [_open_attempt(world).pk] if key == "attempt" else [],
        "co-klass": [world["co_class"].pk],
        "co-finished-attempt": [world["co_finished"].pk],
        "co-attempt": [_open_attempt(world, world["co_student"]).pk] if key == "co-attempt" else [],
        "klass-student": [world["klass"].pk, world["people"]["student"].pk],
        "klass-outsider": [world["klass"].pk, world["people"]["other_student"].pk],
        "klass-set": [world["klass"].pk, "sample"],
        "klass-others-set": [world["klass"].pk, "others-private"],
        "invitation": [_invitation(world)[0].pk] if key == "invitation" else [],
        "invitation-token": [_invitation(world)[1]] if key == "invitation-token" else [],
        "image": [_image("sample").uuid] if key == "image" else [],
        "others-image": [_image("others-private").uuid] if key == "others-image" else [],
        "lti-token": ["not-a-token"],
        "lti-platform": [_lti_platform().pk] if key == "lti-platform" else [],
        "own-set": ["own-set"],
        "own-set-id": [QuestionSet.objects.get(slug="own-set").uuid],
        "own-image": [_image("own-set").uuid] if key == "own-image" else [],
        "klass-own-set": [world["klass"].pk, "own-set"],
        "own-link": ["own-set", SetLink.objects.filter(revoked_at__isnull=True).get().pk],
        "link-token": [world["own_token"]],
        "revoked-token": [world["revoked_token"]],
        "bad-token": ["x" * 43],
        "learn-session": ["sample", _learn_session(world).uuid] if key == "learn-session" else [],
    }[key]
    return reverse(name, args=args)


def _learn_session(world):
    """The class's student's Learn session over the set, its first question shown (once per test)."""
    found = LearnSession.objects.first()
    if found is None:
        qset = QuestionSet.objects.get(slug="sample")
        found = learning.start(world["people"]["student"], qset, [], timezone.now())
        learning.current(found, qset, timezone.now())
    return found


def _lti_platform():
    """A registered LMS (once per test)."""
    return LtiPlatform.objects.create(
        name="Moodle",
        issuer="https://lms.example.edu",
        client_id="c",
        deployment_ids=["d"],
        key_set_url="https://lms.example.edu/certs",
        auth_login_url="https://lms.example.edu/auth",
        auth_token_url="https://lms.example.edu/token",
    )


def _invitation(world):
    """An open invitation made by staff (once per test), and its token."""
    return invitations.create(world["people"]["staff"], "colleague@example.org", timezone.now())


def _claim(world):
    """An "I was right" by the class's student on the set, not yet judged: its review's id."""
    student = world["people"]["student"]
    qset = QuestionSet.objects.get(slug="sample")
    shown = cards.show_again(student, qset.questions.get(key="president").pk, timezone.now())
    answering.check(student, qset, shown.token, {"response": ["نزارباييف"]}, timezone.now())
    answering.override(student, qset, shown.token, timezone.now())
    return Review.objects.get(overridden_score__isnull=False).pk


def _image(slug):
    """An image of the set `slug` (made once per test)."""
    qset = QuestionSet.objects.get(slug=slug)
    return images.accept(qset, png(), "صورة", uploaded_by=qset.owner)


def _override(world):
    """The owner's class's own time limit."""
    return QuizOverride.objects.create(quiz=world["quiz"], klass=world["klass"], time_limit=45)


def _founded(world):
    return Question.objects.get(question_set__slug="sample", key="founded")


def _answer_to_mark(world, key):
    """A mark for the question «founded» of the finished attempt the URL's key names: an override,
    so with its reason."""
    attempt = world["co_finished"] if key.startswith("co-") else world["finished"]
    row = attempt.questions.get(question=_founded(world))
    return {"answer": str(row.pk), "mark": "0.5", "comment": "أخطأ في السنة"}


def _open_attempt(world, student=None):
    """The class's student's attempt in progress at the quiz (started once per test)."""
    return attempts.start(world["quiz"], student or world["people"]["student"], timezone.now())


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


def post_data(name, world, key=None):
    if name == "quiz_overrides":
        return {"student": str(world["people"]["student"].pk), "time_limit": "45"}
    if name in ("quiz_grading_question", "attempt_review"):
        return _answer_to_mark(world, key)
    if name in ("attempt_save", "attempt_flag"):
        return {"position": "1", "response": "2002", "flagged": "1"}
    if name in ("attempt_reopen", "attempt_extra_time"):
        return {"minutes": "10"}
    if name == "attempt_submit":
        return {"confirmed": "1"}
    if name in CARD_ENDPOINTS:
        return card_form(name, world)
    if name == "learn_answer":
        shown = _learn_session(world).state["shown"]
        return {"token": shown["token"], **right_form(shown)}
    if name == "restore_card":
        question = QuestionSet.objects.get(slug="sample").questions.get(key="capital")
        CardState.objects.create(
            student=world["people"]["student"], question=question, due=timezone.now(), suspended_at=timezone.now()
        )
        return {"question": question.key}
    if name == "judge_override":
        return {"review": str(_claim(world)), "decision": "reject"}
    if name in EDITOR_FORMS:
        return EDITOR_FORMS[name]()
    return {"code": "NOPE", "name": "x"}


def _live_keys():
    live = Question.objects.filter(question_set__slug="sample", retired_at__isnull=True)
    return list(live.order_by("position", "id").values_list("key", flat=True))


def _flashcard_form(**extra):
    form = {"type": "flashcard", "prompt": "سؤال جديد", "back": "جواب", "source-0-doc": "doc0"}
    return {**form, "source-0-quote": "تم إنشاء المنظمة", **extra}


# A valid request to each editor form, so that the instructor's own request writes.
EDITOR_FORMS = {
    "question_new": lambda: _flashcard_form(key="new-card"),
    "question_edit": lambda: {
        "type": "number",
        "prompt": "في أي عام أنشئت المنظمة فعلا؟",
        "answer": "2002",
        "source-0-doc": "doc0",
        "source-0-quote": "تم إنشاء المنظمة في عام 2002",
    },
    "question_preview": lambda: _flashcard_form(),
    "question_move": lambda: {"direction": "down", "position": "0"},
    "question_reorder": lambda: {"order": _live_keys()[::-1]},
    "set_settings": lambda: {"title": "عنوان آخر", "language": "ar"},
    "set_sharing": lambda: {"username": "other-teacher"},
    "set_create": lambda: {"title": "مجموعة جديدة", "language": "ar"},
    "set_links": lambda: {},
    "set_link_revoke": lambda: {},
    "own_set_delete": lambda: {"confirm": "delete"},
    "shared_set": lambda: {},
    "image_upload": lambda: {
        **_flashcard_form(),
        "new_image": SimpleUploadedFile("map.png", png(), content_type="image/png"),
        "new_image_alt": "خريطة",
        "new_image_for": "prompt",
    },
}


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
    "quiz_start": lambda: Attempt.objects.count(),
    "attempt_save": lambda: AttemptQuestion.objects.filter(saved_at__isnull=False).count(),
    "attempt_flag": lambda: AttemptQuestion.objects.filter(flagged=True).count(),
    "attempt_submit": lambda: Attempt.objects.filter(state="finished").count(),
    "learn_answer": lambda: LearnSession.objects.filter(version__gt=1).count(),
}
# Writes an instructor of the attempt's student's class (or the quiz's owner, or staff) makes: a
# request answered with a redirect wrote, any refused one wrote nothing.
INSTRUCTOR_WRITES = {
    "attempt_reopen": lambda: Attempt.objects.filter(state="progress").count(),
    "attempt_extra_time": lambda: tuple(Attempt.objects.values_list("deadline", flat=True).order_by("pk")),
    "class_remove_student": lambda: Membership.objects.filter(removed_at__isnull=False).count(),
    "invitation_create": lambda: InstructorInvitation.objects.count(),
    "invitation_revoke": lambda: InstructorInvitation.objects.filter(revoked_at__isnull=False).count(),
    "invitation_accept": lambda: InstructorInvitation.objects.filter(accepted_at__isnull=False).count(),
    "lti_keys_rotate": lambda: LtiToolKey.objects.filter(retired_at__isnull=False).count(),
    "quiz_grading_question": lambda: AttemptQuestion.objects.filter(manual_score__isnull=False).count(),
    "attempt_review": lambda: AttemptQuestion.objects.filter(manual_score__isnull=False).count(),
    "quiz_overrides": lambda: QuizOverride.objects.count(),
    "quiz_override_delete": lambda: QuizOverride.objects.count(),
}
# What each editor form writes when someone who may edit the set sends it (redirected after it).
EDITOR_WRITES = {
    "question_new": lambda: Question.objects.filter(key="new-card").count(),
    "question_edit": lambda: QuestionVersion.objects.count(),
    "question_move": lambda: list(Question.objects.order_by("position", "id").values_list("key", flat=True)),
    "question_reorder": lambda: list(Question.objects.order_by("position", "id").values_list("key", flat=True)),
    "set_settings": lambda: QuestionSet.objects.filter(title="عنوان آخر").count(),
    "set_sharing": lambda: QuestionSet.editors.through.objects.count(),
    "set_create": lambda: QuestionSet.objects.count(),
    "set_links": lambda: SetLink.objects.count(),
    "set_link_revoke": lambda: SetLink.objects.filter(revoked_at__isnull=True).count(),
    "own_set_delete": lambda: QuestionSet.objects.filter(personal=True).count(),
    "shared_set": lambda: QuestionSet.objects.filter(copied_from__isnull=False).count(),
    "question_preview": lambda: QuestionVersion.objects.count(),
    "judge_override": lambda: Review.objects.filter(override_reviewed_at__isnull=False).count(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, name, key, expected", TABLE, ids=[f"{m}-{n}-{k}" for m, n, k, _ in TABLE])
def test_access(client, world, role, method, name, key, expected):
    person = world["people"][role]
    url = url_for(name, key, world)
    data = post_data(name, world, key) if method == "post" else None
    written = WRITES.get(name, lambda: None)()
    edited = EDITOR_WRITES.get(name, lambda: None)()
    by_instructor = INSTRUCTOR_WRITES.get(name, lambda: None)()
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(url, data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (url, response.status_code)
    else:
        assert response.status_code == want, (role, url, response.status_code)
    if name in WRITES and method == "post":
        # The card's own student changes something; a refused request changes nothing.
        changed = WRITES[name]() != written
        assert changed == (role == "student"), (role, name)
    if method == "post" and name in EDITOR_WRITES:
        # Only who may edit the set changes it (the preview never writes); nobody else changes anything.
        changed = EDITOR_WRITES[name]() != edited
        assert changed == (want == 302), (role, name)
    if name in INSTRUCTOR_WRITES:
        assert (INSTRUCTOR_WRITES[name]() != by_instructor) == (want == 302), (role, name)


def test_every_app_url_is_in_the_table():
    from quizzes.urls import urlpatterns

    named = {p.name for p in urlpatterns}
    covered = {name for _, name, _, _ in TABLE}
    assert named <= covered, named - covered


def test_every_row_says_what_each_person_gets():
    for method, name, key, expected in TABLE:
        assert set(expected) == set(ROLES), (method, name, key, set(ROLES) ^ set(expected))
