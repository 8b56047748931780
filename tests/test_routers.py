"""Report reads can go to a replica: with DATABASE_REPLICA_URL they do, and nothing else does.

The replica alias is a test mirror of the primary (Django's TEST MIRROR), so what a test writes
on the primary is what a report read from the replica sees, as on a replica that has caught up.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from quizzes.models import ProblemReport, User
from quizzes.routers import PrimaryReplicaRouter, read_db_for_reports


def test_reports_read_from_the_primary_without_a_replica(settings):
    settings.DATABASE_REPLICA_URL = ""
    assert read_db_for_reports() == "default"


# Committed rows, as a replica sees them: a test transaction would hide them from the second connection.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reports_read_from_the_replica_when_one_is_configured(settings, student):
    settings.DATABASE_REPLICA_URL = "postgres://replica.example/quizsite"
    alias = read_db_for_reports()
    assert alias == "replica"
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        names = list(User.objects.using(alias).values_list("username", flat=True))
    assert names == ["student"]  # the mirror sees the primary's rows
    assert len(on_replica.captured_queries) == 1
    assert not on_primary.captured_queries


@pytest.mark.django_db
def test_writes_and_ordinary_reads_stay_on_the_primary(student):
    router = PrimaryReplicaRouter()
    assert router.db_for_write(ProblemReport) == "default"
    assert router.db_for_read(ProblemReport) is None  # Django's default: the primary
    assert User.objects.all().db == "default"


def test_only_the_primary_is_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "quizzes")
    assert not router.allow_migrate("replica", "quizzes")


def test_the_replica_is_a_test_mirror(settings):
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_class_report_reads_its_tables_from_the_replica(settings, client, make_user, sample_set):
    from django.urls import reverse

    from quizzes import classes

    settings.DATABASE_REPLICA_URL = "postgres://replica.example/quizsite"
    teacher = sample_set.owner
    klass = classes.create_class(teacher, "الصف")
    klass.students.add(make_user("reader", display_name="قارئ"))
    classes.assign(klass, sample_set)
    client.force_login(teacher)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(reverse("class_report", args=[klass.pk]))
    assert page.status_code == 200 and "قارئ" in page.content.decode()
    # The tables (students, cards, tallies) from the replica; the session, the user and the class's
    # right to be seen from the primary, which a student's writes reach first.
    assert len(on_replica.captured_queries) >= 3
    assert not any("quizzes_cardstate" in q["sql"] for q in on_primary.captured_queries)


def test_outside_a_report_nothing_reads_from_the_replica(settings):
    from quizzes.routers import reads_for_reports

    settings.DATABASE_REPLICA_URL = "postgres://replica.example/quizsite"
    router = PrimaryReplicaRouter()
    with reads_for_reports():
        assert router.db_for_read(User) == "replica"
    assert router.db_for_read(User) is None
