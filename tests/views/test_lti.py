"""LTI 1.3 launches from a simulated LMS: students and teachers, deep linking, grades sent to the
platform's gradebook, and every launch pylti1p3 or we must refuse."""

import jwt
import pytest
import responses
from django.urls import reverse

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.lti import deep_linking, grades
from quizzes.models import LtiCourse, LtiLineItem, LtiUserLink, Membership, User

from ..lti_platform import (
    AUTH_URL,
    INSTRUCTOR,
    LEARNER,
    LINEITEM_URL,
    RETURN_URL,
    C,
    Platform,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform():
    return Platform()


@pytest.fixture
def lms(platform):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        platform.serve(rsps)
        yield rsps


def test_a_student_launch_signs_in_a_linked_account_and_joins_the_class(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client)
    assert response.status_code == 302 and response.url == reverse("dashboard")
    link = LtiUserLink.objects.get(subject="student-1")
    assert link.issuer == "https://lms.example.edu"
    assert int(client.session["_auth_user_id"]) == link.user_id
    course = LtiCourse.objects.get(context_id="course-2")
    assert course.klass.name == "Arabic 101"
    assert Membership.objects.current().filter(klass=course.klass, student=link.user).exists()
    assert not link.user.is_instructor


def test_a_second_launch_finds_the_same_account_and_never_matches_by_email(client, platform, lms, make_user):
    platform.register()
    make_user("someone", email="same@example.edu")
    platform.launch(client, email="same@example.edu")
    platform.launch(client, email="same@example.edu")
    assert LtiUserLink.objects.count() == 1
    assert LtiUserLink.objects.get().user.username != "someone"


def test_a_teacher_launch_makes_an_instructor_of_the_class(client, platform, lms, django_capture_on_commit_callbacks):
    platform.register()
    with django_capture_on_commit_callbacks(execute=True):
        response, _token, _state = platform.launch(client, sub="teacher-1", roles=[INSTRUCTOR])
    course = LtiCourse.objects.get()
    assert response.status_code == 302 and response.url == reverse("class_detail", args=[course.klass_id])
    teacher = LtiUserLink.objects.get(subject="teacher-1").user
    assert User.objects.get(pk=teacher.pk).is_instructor
    assert course.klass.instructors.filter(pk=teacher.pk).exists()


def test_a_teaching_assistant_is_an_instructor(client, platform, lms):
    platform.register()
    ta = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
    platform.launch(client, sub="ta-1", roles=[ta])
    assert User.objects.get(lti_links__subject="ta-1").is_instructor


def test_a_role_neither_learner_nor_instructor_is_refused(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(
        client, roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"]
    )
    assert response.status_code == 403
    assert not LtiUserLink.objects.exists()


def test_a_replayed_launch_is_refused(client, platform, lms):
    platform.register()
    response, token, state = platform.launch(client)
    assert response.status_code == 302
    client.logout()
    again = client.post("/lti/launch/", {"id_token": token, "state": state})
    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_wrong_issuer_is_refused(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client, iss="https://evil.example.org")
    assert response.status_code == 400
    assert not LtiUserLink.objects.exists()


def test_a_token_signed_by_another_key_is_refused(client, platform, lms):
    platform.register()
    state, nonce = platform.login(client)
    forger = Platform()
    token = forger.sign(platform.claims(nonce))
    assert client.post("/lti/launch/", {"id_token": token, "state": state}).status_code == 400
    assert not LtiUserLink.objects.exists()


def test_an_expired_token_is_refused(client, platform, lms):
    platform.register()

    def expire(body):
        body["iat"] -= 3600
        body["exp"] = body["iat"] + 60

    response, _token, _state = platform.launch(client, change=expire)
    assert response.status_code == 400
    assert not LtiUserLink.objects.exists()


def test_a_token_without_expiry_is_refused(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client, change=lambda body: body.pop("exp"))
    assert response.status_code == 400


def test_an_unregistered_deployment_is_refused(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client, **{C + "deployment_id": "deployment-9"})
    assert response.status_code == 400
    assert not LtiUserLink.objects.exists()


def test_a_launch_without_its_login_state_is_refused(client, platform, lms):
    platform.register()
    state, nonce = platform.login(client)
    client.cookies.clear()
    token = platform.sign(platform.claims(nonce))
    assert client.post("/lti/launch/", {"id_token": token, "state": "state-forged"}).status_code == 400


def test_a_nonce_the_tool_never_gave_is_refused(client, platform, lms):
    platform.register()
    state, _nonce = platform.login(client)
    token = platform.sign(platform.claims("made-up-nonce"))
    assert client.post("/lti/launch/", {"id_token": token, "state": state}).status_code == 400


def test_a_login_from_an_unregistered_platform_is_refused(client):
    response = client.get("/lti/launch/", {"iss": "https://unknown.example", "login_hint": "x"})
    assert response.status_code == 400


def test_garbage_is_refused_without_an_error(client, platform, lms):
    platform.register()
    for token in ("", "a.b", "a.b.c", "\u0661.\u0662.\u0663"):
        assert client.post("/lti/launch/", {"id_token": token, "state": "s"}).status_code == 400
    assert client.get("/lti/launch/").status_code == 400


def _deep_link_claims(platform):
    return {
        C + "message_type": "LtiDeepLinkingRequest",
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
            "deep_link_return_url": RETURN_URL,
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
        },
    }


def test_deep_linking_offers_the_teachers_quizzes_and_sets_signed_for_the_platform(
    client, platform, lms, make_quiz, sample_set
):
    platform.register()
    quiz = make_quiz()
    link = LtiUserLink.objects.create(issuer="https://lms.example.edu", subject="teacher-1", user=sample_set.owner)
    response, _token, _state = platform.launch(
        client, sub=link.subject, roles=[INSTRUCTOR], **_deep_link_claims(platform)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{RETURN_URL}"' in page
    # Framed for this LMS only, and allowed to post back to it.
    assert "frame-ancestors https://lms.example.edu" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    tokens = response.context["choices"]
    tool_keys = client.get(reverse("lti_jwks")).json()
    signer = jwt.PyJWKSet.from_dict(tool_keys).keys[0]
    quiz_choice = next(c for c in tokens if c.kind == "quiz")
    message = jwt.decode(quiz_choice.jwt, signer.key, algorithms=["RS256"], audience="https://lms.example.edu")
    item = message["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]
    assert item["lineItem"]["scoreMaximum"] == quiz.max_grade
    assert deep_linking.placed(item["custom"]["placed"]) == ("quiz", quiz.pk)
    assert {c.kind for c in tokens} == {"quiz", "set", "graded-set"}


def test_a_student_cannot_deep_link(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client, **_deep_link_claims(platform))
    assert response.status_code == 403


def _placed_quiz_claims(quiz):
    return {
        C + "resource_link": {"id": "link-quiz"},
        C + "custom": {"placed": deep_linking.placement("quiz", quiz.pk)},
        "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
            "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
            "lineitem": LINEITEM_URL,
        },
    }


def test_a_placed_quiz_opens_and_its_grade_reaches_the_gradebook(
    client, platform, lms, make_quiz, django_capture_on_commit_callbacks
):
    platform.register()
    quiz = make_quiz()
    response, _token, _state = platform.launch(client, **_placed_quiz_claims(quiz))
    assert response.url == reverse("quiz_detail", args=[quiz.pk])
    item = LtiLineItem.objects.get()
    assert item.quiz == quiz and item.lineitem_url == LINEITEM_URL
    student = LtiUserLink.objects.get().user
    assert quiz.classes.filter(pk=item.course.klass_id).exists()
    from django.utils import timezone

    attempt = attempts.start(quiz, student, timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        attempts.submit(attempt, timezone.now())
    [score] = platform.scores
    assert score["userId"] == "student-1"
    assert score["scoreMaximum"] == item.score_maximum == quiz.max_grade
    assert score["scoreGiven"] == 0 and score["gradingProgress"] == "FullyGraded"
    # A reopen sends Pending, with no score, and a timestamp after the first.
    with django_capture_on_commit_callbacks(execute=True):
        attempts.reopen(attempt, 10, timezone.now())
    assert platform.scores[1]["gradingProgress"] == "Pending" and "scoreGiven" not in platform.scores[1]
    assert platform.scores[1]["timestamp"] > score["timestamp"]


def test_a_hand_edited_placement_opens_nothing(client, platform, lms, make_quiz):
    platform.register()
    quiz = make_quiz()
    claims = _placed_quiz_claims(quiz)
    claims[C + "custom"] = {"placed": "quiz:" + str(quiz.pk)}
    response, _token, _state = platform.launch(client, **claims)
    assert response.url == reverse("dashboard")
    assert not LtiLineItem.objects.exists()


def test_a_platform_failure_asks_to_retry_later_with_backoff(client, platform, lms, make_quiz):
    platform.register()
    quiz = make_quiz()
    platform.launch(client, **_placed_quiz_claims(quiz))
    student = LtiUserLink.objects.get().user
    from django.utils import timezone

    attempt = attempts.start(quiz, student, timezone.now())
    attempts.submit(attempt, timezone.now())
    platform.score_status = 503
    with pytest.raises(grades.RetryLater) as first:
        grades.send_quiz_grade(attempt.pk)
    with pytest.raises(grades.RetryLater) as second:
        grades.send_quiz_grade(attempt.pk)
    assert (first.value.after_seconds, second.value.after_seconds) == (60, 120)
    platform.score_status = 400
    assert grades.send_quiz_grade(attempt.pk) == grades.REFUSED
    platform.score_status = 200
    assert grades.send_quiz_grade(attempt.pk) == grades.SENT


def test_a_grade_send_with_no_placed_quiz_makes_no_request(make_quiz, student):
    from django.utils import timezone

    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, timezone.now())
    with responses.RequestsMock():
        attempts.submit(attempt, timezone.now())
        assert grades.send_quiz_grade(attempt.pk) == grades.NOTHING_TO_SEND


def test_the_roster_sync_adds_the_lms_students_but_never_one_an_instructor_removed(
    client, platform, lms, django_capture_on_commit_callbacks
):
    platform.register()
    platform.members = [
        {"user_id": "student-1", "name": "أ", "roles": [LEARNER], "status": "Active"},
        {"user_id": "student-2", "name": "ب", "roles": [LEARNER], "status": "Active"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        platform.launch(client, sub="teacher-1", roles=[INSTRUCTOR])
    klass = LtiCourse.objects.get().klass
    one, two = (User.objects.get(lti_links__subject=s) for s in ("student-1", "student-2"))
    assert set(classes.members(klass)) == {one, two}
    classes.remove(klass, one)
    platform.members = platform.members[1:] + []
    platform.members.append({"user_id": "student-1", "roles": [LEARNER]})
    platform.members.pop(0)
    # student-2 left the LMS course; student-1 is still listed but was removed by the instructor.
    from quizzes.lti import roster

    roster.sync_roster(LtiCourse.objects.get().pk)
    assert set(classes.members(klass)) == set()
    # student-2 enrols again in the LMS: the sync's own removal is undone; student-1 stays removed.
    platform.members.append({"user_id": "student-2", "roles": [LEARNER]})
    roster.sync_roster(LtiCourse.objects.get().pk)
    assert set(classes.members(klass)) == {two}
    # Nor does student-1's own launch bring them back.
    response, _token, _state = platform.launch(client)
    assert response.status_code == 403
    assert set(classes.members(klass)) == {two}


def test_a_framed_launch_opens_the_app_in_a_new_window_with_a_one_time_link(client, platform, lms):
    platform.register(allow_framing=True)
    response, _token, _state = platform.launch(client, **{C + "launch_presentation": {"document_target": "iframe"}})
    assert response.status_code == 200
    assert "frame-ancestors https://lms.example.edu" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    open_url = response.context["open_url"]
    client.logout()
    opened = client.get(open_url)
    assert opened.status_code == 302 and opened.url == reverse("dashboard")
    client.logout()
    assert client.get(open_url).status_code == 404


def test_a_platform_that_did_not_ask_for_the_frame_gets_deny(client, platform, lms):
    platform.register()
    response, _token, _state = platform.launch(client, **{C + "launch_presentation": {"document_target": "iframe"}})
    assert response.status_code == 302
    assert client.get(reverse("dashboard"))["X-Frame-Options"] == "DENY"


def test_the_login_state_cookie_is_the_only_cross_site_cookie(client, platform, lms, settings):
    platform.register()
    response = client.post(
        "/lti/launch/", {"iss": platform_issuer(), "login_hint": "h", "client_id": "quiz-tool-client"}, secure=True
    )
    assert response["Location"].startswith(AUTH_URL)
    assert response.cookies and all(name.startswith("lti1p3-") for name in response.cookies)
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


def platform_issuer():
    return "https://lms.example.edu"


def test_a_grade_waiting_for_its_grader_is_sent_as_pending_manual_with_no_score(make_quiz, student, monkeypatch):
    from django.utils import timezone

    from quizzes.attempts import scoring

    quiz = make_quiz(student)
    monkeypatch.setattr(scoring, "final_grade", lambda attempts, quiz, now: scoring.PENDING)
    score = grades.quiz_score(quiz, student, quiz.max_grade, timezone.now())
    assert (score.given, score.maximum, score.grading) == (None, quiz.max_grade, "PendingManual")
