"""'Fit my schedule' runs in the background: the report shows it queued, running, then done or
failed, and asks for its state every few seconds only while it is pending."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from quizzes.models import FitRequest, FittedSchedule
from tests.views.test_reports import fill_log

pytestmark = pytest.mark.django_db

POLLING = 'hx-trigger="every 3s"'


@pytest.fixture
def log(student, sample_set):
    fill_log([student], sample_set, per_student=450)
    return student


def fit_part(client):
    return client.get(reverse("my_report"), {"fit": ""}, headers={"HX-Request": "true"})


def test_the_fit_is_queued_then_run_by_the_worker(client, log, task_worker, django_capture_on_commit_callbacks):
    client.force_login(log)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fit_schedule"))
    assert response.status_code == 302 and response["Location"] == reverse("my_report") + "#fit"
    assert FitRequest.objects.get(student=log).state == FitRequest.State.QUEUED
    assert DBTaskResult.objects.get().args_kwargs["args"] == [log.pk]
    page = client.get(reverse("my_report")).content.decode()
    assert "fit-queued" in page and POLLING in page
    assert 'action="/reports/fit/"' not in page  # no second request while one is pending
    task_worker()
    part = fit_part(client)
    body = part.content.decode()
    assert part.status_code == 200 and "<h1" not in body  # the fragment only
    assert "fit-done" in body and POLLING not in body
    fitted = FittedSchedule.objects.get(student=log)
    assert fitted.reviews == 450
    assert FitRequest.objects.get(student=log).state == FitRequest.State.DONE


def test_a_double_submit_queues_one_fit(client, log, task_worker, django_capture_on_commit_callbacks):
    client.force_login(log)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fit_schedule"))
        client.post(reverse("fit_schedule"))
    assert DBTaskResult.objects.count() == 1


def test_a_running_fit_says_so_and_keeps_asking(client, log):
    from django.utils import timezone

    FitRequest.objects.create(
        student=log, state=FitRequest.State.RUNNING, requested_at=timezone.now(), started_at=timezone.now()
    )
    client.force_login(log)
    body = fit_part(client).content.decode()
    assert "fit-running" in body and POLLING in body


def test_a_failed_fit_says_so_and_may_be_asked_again(client, log, monkeypatch, django_capture_on_commit_callbacks):
    from quizzes.study import schedule

    monkeypatch.setattr(schedule, "fit", lambda histories: None)  # a log fsrs-rs cannot fit
    client.force_login(log)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fit_schedule"))
    body = fit_part(client).content.decode()
    assert "fit-failed" in body and POLLING not in body and 'action="/reports/fit/"' in body
    assert not FittedSchedule.objects.exists()


def test_on_the_immediate_backend_the_fit_is_done_by_the_redirect(client, log, django_capture_on_commit_callbacks):
    client.force_login(log)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fit_schedule"))
    # The commit ran the fit in the request itself: the page it redirects to shows it done.
    assert "fit-done" in client.get(reverse("my_report")).content.decode()
    assert not DBTaskResult.objects.exists()


def test_too_few_reviews_are_refused_before_anything_is_queued(client, student, sample_set, task_worker):
    fill_log([student], sample_set, per_student=20)
    client.force_login(student)
    response = client.post(reverse("fit_schedule"), follow=True)
    assert "400" in response.content.decode()
    assert not FitRequest.objects.exists() and not DBTaskResult.objects.exists()


def test_the_fit_state_is_read_in_two_queries(client, log, assert_max_queries):
    client.force_login(log)
    with assert_max_queries(5):  # session, user, fit request, fitted schedule (and the savepoint-free rest)
        assert fit_part(client).status_code == 200


@pytest.fixture
def fitted(student):
    """A student using a schedule fitted to them, as a winning fit leaves them."""
    from django.utils import timezone

    parameters = [0.3, *[1.0] * 19, 0.2]
    FittedSchedule.objects.create(
        student=student,
        parameters=parameters,
        rmse_before=0.2,
        rmse_after=0.1,
        log_loss_before=0.41,
        log_loss_after=0.36,
        reviews=900,
        items=700,
        held_out=180,
        better=True,
        fitted_at=timezone.now(),
    )
    student.fsrs_parameters = parameters
    student.save()
    return student


def test_the_report_shows_the_fitted_schedule_with_the_figures_and_the_way_back(client, fitted):
    fitted.language = "en"
    fitted.save()
    client.force_login(fitted)
    body = client.get(reverse("my_report")).content.decode()
    assert "Your schedule: fitted to your answers." in body
    assert "On your last 180 reviews, held out of the fit" in body
    assert ">0.410<" in body and ">0.360<" in body and ">0.200<" in body and ">0.100<" in body
    assert 'action="/reports/fit/defaults/"' in body
    assert "next reviews only" in body and "400" in body


def test_going_back_to_the_defaults_is_one_post(client, fitted):
    client.force_login(fitted)
    response = client.post(reverse("fit_defaults"))
    assert response.status_code == 302 and response["Location"] == reverse("my_report") + "#fit"
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is None
    assert FittedSchedule.objects.get(student=fitted).better  # the fit stays on record
    body = client.get(reverse("my_report")).content.decode()
    assert 'action="/reports/fit/defaults/"' not in body and 'action="/reports/fit/"' in body


def test_going_back_twice_changes_nothing(client, fitted):
    client.force_login(fitted)
    client.post(reverse("fit_defaults"))
    assert client.post(reverse("fit_defaults")).status_code == 302
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is None


def test_going_back_refuses_a_get_and_writes_nothing(client, fitted):
    client.force_login(fitted)
    assert client.get(reverse("fit_defaults")).status_code == 405
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is not None


def test_going_back_refuses_a_post_without_the_csrf_token(fitted):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(fitted)
    assert client.post(reverse("fit_defaults")).status_code == 403
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is not None


def test_going_back_asks_an_anonymous_visitor_to_log_in(client, fitted):
    response = client.post(reverse("fit_defaults"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is not None


def test_going_back_touches_only_ones_own_schedule(client, fitted, make_user):
    client.force_login(make_user("other"))
    assert client.post(reverse("fit_defaults")).status_code == 302
    fitted.refresh_from_db()
    assert fitted.fsrs_parameters is not None
    # An address naming someone else's schedule does not exist.
    assert client.post(reverse("fit_defaults") + f"{fitted.pk}/").status_code == 404


def test_a_fit_that_lost_says_the_defaults_were_kept(client, fitted):
    FittedSchedule.objects.filter(student=fitted).update(better=False, log_loss_after=0.5)
    fitted.fsrs_parameters = None
    fitted.language = "en"
    fitted.save()
    client.force_login(fitted)
    body = fit_part(client).content.decode()
    assert "Kept the defaults: the fit did not beat them on your last 180 reviews." in body
    assert 'action="/reports/fit/defaults/"' not in body and "Fit again" in body
