"""The report pages: who sees what, bounded queries whatever the class size, CSV downloads."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes, scheduling
from quizzes.models import CardState, FittedSchedule, Membership, Review
from quizzes.study import answering, cards, tallies

pytestmark = pytest.mark.django_db


def fill_log(students, qset, *, per_student=12, seed=1):
    """Cards and reviews for each student over the set's questions, written in bulk."""
    rng = random.Random(seed)
    now = timezone.now()
    questions = list(qset.questions.filter(retired_at__isnull=True))
    logs, states = [], []
    for student in students:
        for k in range(per_student):
            q = questions[k % len(questions)]
            at = now - timedelta(days=rng.uniform(0, 40))
            interval = rng.choice([3, 30])
            logs.append(
                Review(
                    student=student,
                    question=q,
                    version=q.current_version,
                    rating=rng.choice([1, 3, 3, 4]),
                    score=rng.choice([0.0, 1.0, 1.0]),
                    response="كرملين" if q.type == "short" else None,
                    state_before=scheduling.REVIEW,
                    stability_before=10,
                    difficulty_before=5,
                    due_before=at,
                    last_review_before=at - timedelta(days=interval),
                    state_after=scheduling.REVIEW,
                    stability_after=12,
                    difficulty_after=5,
                    due_after=at + timedelta(days=12),
                    scheduled_seconds=12 * 86400,
                    reviewed_at=at,
                    retrievability=rng.uniform(0.6, 1.0),
                )
            )
        for q in questions[: min(per_student, len(questions))]:
            due = now + timedelta(days=rng.uniform(-2, 20))
            states.append(
                CardState(
                    student=student,
                    question=q,
                    state=scheduling.REVIEW,
                    stability=rng.uniform(1, 40),
                    difficulty=5,
                    due=due,
                    last_review=due - timedelta(days=rng.choice([5, 25])),
                    first_reviewed_at=now - timedelta(days=30),
                    reps=3,
                )
            )
    Review.objects.bulk_create(logs)
    CardState.objects.bulk_create(states)
    tallies.rebuild([s.pk for s in students])


@pytest.fixture
def school(make_user, sample_set):
    def build(n_students):
        teacher = sample_set.owner
        klass = classes.create_class(teacher, "الصف")
        students = [make_user(f"s{i}", display_name=f"طالب {i}") for i in range(n_students)]
        klass.students.add(*students)
        classes.assign(klass, sample_set, timezone.now().date() + timedelta(days=5))
        fill_log(students, sample_set)
        return klass, teacher, students

    return build


@pytest.mark.parametrize("n_students", [5, 50])
def test_the_class_report_reads_a_bounded_number_of_queries(client, school, n_students, assert_max_queries):
    klass, teacher, students = school(n_students)
    client.force_login(teacher)
    # Session, user, groups, class, assignments, students, cards, retention trends, calibration.
    with assert_max_queries(10):
        response = client.get(reverse("class_report", args=[klass.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "طالب 4" in html and html.count('<tr class="flagged">') + html.count("<tr>") >= n_students


@pytest.mark.parametrize("n_students", [5, 50])
def test_item_analysis_reads_a_bounded_number_of_queries(client, school, n_students, assert_max_queries):
    klass, teacher, students = school(n_students)
    client.force_login(teacher)
    with assert_max_queries(12):
        response = client.get(reverse("item_analysis", args=[klass.pk, "sample"]))
    assert response.status_code == 200
    assert "كرملين" in response.content.decode()


@pytest.mark.parametrize("n_students", [5, 50])
def test_a_students_report_reads_a_bounded_number_of_queries(client, school, n_students, assert_max_queries):
    klass, teacher, students = school(n_students)
    client.force_login(students[0])
    # 16 for the study report, one for the student's quiz attempts and one for their Learn sessions.
    with assert_max_queries(18):
        response = client.get(reverse("my_report"))
    assert response.status_code == 200
    client.force_login(teacher)
    with assert_max_queries(17):
        response = client.get(reverse("class_student_report", args=[klass.pk, students[-1].pk]))
    assert response.status_code == 200


def test_a_student_sees_their_sets_with_charts_and_tables(client, school):
    klass, teacher, students = school(1)
    client.force_login(students[0])
    html = client.get(reverse("my_report")).content.decode()
    assert html.count("<svg") == 4 and "<title id=" in html and "<desc id=" in html
    assert "مجموعة تجريبية" in html and "data-chart-toggle" in html


def test_an_instructor_cannot_open_a_student_of_another_class(client, school, make_user):
    klass, teacher, students = school(1)
    stranger = make_user("stranger")
    client.force_login(teacher)
    assert client.get(reverse("class_student_report", args=[klass.pk, stranger.pk])).status_code == 404


def test_item_analysis_is_only_for_sets_assigned_to_the_class(client, school):
    from quizzes.models import QuestionSet

    klass, teacher, students = school(1)
    QuestionSet.objects.create(slug="other", title="Other", owner=teacher)
    client.force_login(teacher)
    assert client.get(reverse("item_analysis", args=[klass.pk, "other"])).status_code == 404


def test_every_table_downloads_as_csv_with_a_bom(client, school):
    klass, teacher, students = school(3)
    client.force_login(teacher)
    for url, name in [
        (reverse("class_report", args=[klass.pk]), "students"),
        (reverse("class_report", args=[klass.pk]), "calibration"),
        (reverse("item_analysis", args=[klass.pk, "sample"]), "items"),
        (reverse("class_student_report", args=[klass.pk, students[0].pk]), "sets"),
        (reverse("class_student_report", args=[klass.pk, students[0].pk]), "heatmap"),
    ]:
        response = client.get(url, {"csv": name})
        assert response.status_code == 200, (url, name)
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.startswith("\ufeff".encode())
        assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("class_report", args=[klass.pk]), {"csv": "nope"}).status_code == 404


def test_the_class_report_flags_students_who_stopped_studying(client, school):
    klass, teacher, students = school(2)
    # Members for a month: inactivity counts from their last review (from joining, when later).
    Membership.objects.filter(klass=klass).update(joined_at=timezone.now() - timedelta(days=30))
    CardState.objects.filter(student=students[0]).update(last_review=timezone.now() - timedelta(days=9))
    CardState.objects.filter(student=students[1]).update(last_review=timezone.now() - timedelta(days=1))
    from quizzes.reports import klass as class_reports

    report = class_reports.build(klass, timezone.now())
    flags = {row.username: row.inactive for row in report.students}
    assert flags == {"s0": True, "s1": False}


def test_fitting_needs_enough_reviews(client, student, sample_set):
    fill_log([student], sample_set, per_student=20)
    client.force_login(student)
    response = client.post(reverse("fit_schedule"), follow=True)
    assert not FittedSchedule.objects.exists()
    assert "400" in response.content.decode()


def test_fitting_keeps_the_parameters_and_the_error_before_and_after(
    client, student, sample_set, django_capture_on_commit_callbacks
):
    fill_log([student], sample_set, per_student=450)
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fit_schedule"))
    assert response.status_code == 302
    fitted = FittedSchedule.objects.get(student=student)
    assert len(fitted.parameters) == 21 and fitted.reviews == 450 and fitted.rmse_after > 0


def test_rating_stores_the_recall_fsrs_predicted(student, sample_set):
    question = sample_set.questions.get(key="founded")
    now = timezone.now()
    first = cards.show_again(student, question.pk, now)
    answering.check(student, sample_set, first.token, {"response": ["2002"]}, now)
    answering.rate(student, sample_set, first.token, scheduling.GOOD, now)
    assert Review.objects.get().retrievability is None  # a new card has no prediction
    later = now + timedelta(days=3)
    second = cards.show_again(student, question.pk, later)
    answering.check(student, sample_set, second.token, {"response": ["2002"]}, later)
    answering.rate(student, sample_set, second.token, scheduling.GOOD, later)
    review = Review.objects.order_by("-id").first()
    expected = scheduling.recall_on(review.stability_before, review.last_review_before, later)
    assert review.retrievability == pytest.approx(expected) and 0 < review.retrievability < 1


def test_the_dashboard_lists_assigned_sets_overdue_first(client, student, sample_set, make_user):
    from quizzes.bank.importing import import_set, parse_bytes
    from tests.conftest import SAMPLE_YAML

    import_set(parse_bytes(SAMPLE_YAML.replace("slug: sample", "slug: later").replace("تجريبية", "لاحقة").encode()))
    from quizzes.models import QuestionSet

    klass = classes.create_class(sample_set.owner, "الصف")
    klass.students.add(student)
    today = timezone.now().date()
    classes.assign(klass, QuestionSet.objects.get(slug="later"), today + timedelta(days=3))
    classes.assign(klass, sample_set, today - timedelta(days=2))
    client.force_login(student)
    html = client.get(reverse("dashboard")).content.decode()
    section = html[html.index('class="assignments"') :]
    assert section.index("مجموعة تجريبية") < section.index("مجموعة لاحقة")
    assert 'class="overdue"' in section


def snapshot_tallies(student):
    from quizzes.models import BinTally, DayTally, QuestionTally

    questions = sorted(
        QuestionTally.objects.filter(student=student, answers__gt=0).values_list(
            "question_id", "answers", "score_sum", "missed", "first_review_id", "first_score"
        )
    )
    days = sorted(
        (d, n, ok, round(p, 6), rev, mat)
        for d, n, ok, p, rev, mat in DayTally.objects.filter(student=student, reviews__gt=0).values_list(
            "day", "reviews", "recalled", "predicted_sum", "in_review", "mature"
        )
    )
    bins = sorted(
        (s, b, n, ok, round(p, 6))
        for s, b, n, ok, p in BinTally.objects.filter(student=student, reviews__gt=0).values_list(
            "question_set_id", "bin", "reviews", "recalled", "predicted_sum"
        )
    )
    return questions, days, bins


def test_tallies_written_while_studying_and_undoing_match_a_rebuild(student, sample_set):
    from quizzes.study import undo

    now = timezone.now()
    for offset, answer in [(0, "2002"), (3, "1999"), (4, "2002")]:
        at = now + timedelta(days=offset)
        shown = cards.show_again(student, sample_set.questions.get(key="founded").pk, at)
        answering.check(student, sample_set, shown.token, {"response": [answer]}, at)
        if answer == "2002":
            answering.rate(student, sample_set, shown.token, scheduling.GOOD, at)
    undo.undo_last(student, sample_set, now + timedelta(days=4), since=now)
    live = snapshot_tallies(student)
    assert live[0][0][1] == 2  # three answers, one undone
    assert sum(n for _s, _b, n, _ok, _p in live[2]) == 2
    tallies.rebuild([student.pk])
    assert snapshot_tallies(student) == live


@pytest.mark.parametrize("other_target", [False, True])
def test_the_class_report_counts_studied_and_mastered_cards_as_the_students_report_does(school, other_target):
    from quizzes.reports import klass as class_reports
    from quizzes.reports import student as student_reports

    klass, teacher, students = school(6)
    target = timezone.now() + timedelta(days=7)
    targets = {klass.assignments.get().question_set_id: target}
    if other_target:
        targets[0] = target + timedelta(days=3)  # a second target day: each set gets its own
    expected = {}
    live = CardState.objects.filter(student__in=students, suspended_at__isnull=True, last_review__isnull=False)
    for card in live.filter(question__retired_at__isnull=True):
        studied, mastered = expected.get(card.student_id, (0, 0))
        mastered += student_reports.is_mastered(card.stability, card.last_review, target)
        expected[card.student_id] = (studied + 1, mastered)
    counted = {
        student_id: (studied, mastered)
        for student_id, _set, studied, mastered, _last in class_reports.studied_cells(
            klass.students.values("pk"), targets
        )
    }
    assert counted == expected
    assert any(0 < mastered < studied for studied, mastered in counted.values())


def test_the_class_report_is_kept_a_few_minutes_until_recalculated(client, school, assert_max_queries):
    klass, teacher, students = school(3)
    client.force_login(teacher)
    url = reverse("class_report", args=[klass.pk])
    first = client.get(url).content.decode()
    assert "طالب 2" in first and "recalculate=1" in first
    students[2].display_name = "اسم جديد"
    students[2].save()
    # Kept: drawn once, read back with the page's own few queries (session, user, groups, class).
    with assert_max_queries(5):
        kept = client.get(url).content.decode()
    assert "طالب 2" in kept and "اسم جديد" not in kept
    renewed = client.get(url, {"recalculate": "1"}).content.decode()
    assert "اسم جديد" in renewed
    assert "اسم جديد" in client.get(url).content.decode()


def test_a_kept_report_is_kept_per_language(client, school):
    klass, teacher, students = school(2)
    client.force_login(teacher)
    url = reverse("class_report", args=[klass.pk])
    arabic = client.get(url, headers={"Accept-Language": "ar"}).content.decode()
    teacher.language = "en"
    teacher.save()
    english = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "Download CSV" in english and "Download CSV" not in arabic


def test_item_analysis_is_kept_apart_for_those_who_may_not_edit_the_set(client, school, make_user):
    klass, teacher, students = school(2)
    co = make_user("co-teacher", instructor=True)
    klass.instructors.add(co)
    url = reverse("item_analysis", args=[klass.pk, "sample"])
    client.force_login(teacher)
    assert "/history/" in client.get(url).content.decode()  # links to the question's versions
    client.force_login(co)
    assert "/history/" not in client.get(url).content.decode()


def test_a_csv_is_always_calculated_afresh(client, school):
    klass, teacher, students = school(2)
    client.force_login(teacher)
    url = reverse("class_report", args=[klass.pk])
    client.get(url)
    students[1].display_name = "اسم جديد"
    students[1].save()
    assert "اسم جديد" in client.get(url, {"csv": "students"}).content.decode("utf-8-sig")


def test_a_sets_due_date_is_the_earliest_among_the_students_current_classes(client, school):
    from quizzes.models import Assignment

    klass, teacher, (student, other) = school(2)
    soon, later, sooner = (timezone.now().date() + timedelta(days=d) for d in (5, 9, 2))
    second = classes.create_class(teacher, "صف ثان")
    second.students.add(student, other)
    classes.assign(second, klass.assignments.get().question_set, later)
    third = classes.create_class(teacher, "صف ثالث")
    third.students.add(student, other)
    Assignment.objects.create(klass=third, question_set=klass.assignments.get().question_set, due_date=sooner)
    classes.remove(third, student)  # a class the student left sets them no date
    for person, url, expected in (
        (student, reverse("my_report"), soon),
        (teacher, reverse("class_student_report", args=[klass.pk, student.pk]), soon),
        (other, reverse("my_report"), sooner),
        (teacher, reverse("class_student_report", args=[klass.pk, other.pk]), sooner),
    ):
        client.force_login(person)
        (row,) = client.get(url).context["report"].sets
        assert row.due_date == expected, url
