"""Each statistic of the reports against a small log worked out by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from quizzes import scheduling
from quizzes.models import Review
from quizzes.reports import calibration, items
from quizzes.reports import student as student_reports
from quizzes.spreadsheets import to_csv
from quizzes.study import tallies

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_facility_is_the_mean_first_score():
    rows = items.analyse(QUESTIONS, FIRST_ANSWERS)
    assert [r.facility for r in rows] == [0.5, 0.75, 0.25]
    assert [r.responses for r in rows] == [4, 4, 4]


# Four students, three questions; s1 right on all, s4 wrong on all (worked by hand below).
QUESTIONS = [(1, "a", "A?", "short", 0, {}), (2, "b", "B?", "single", 1, {}), (3, "c", "C?", "short", 2, {})]
FIRST_ANSWERS = [
    (1, 1, 1.0, "x"), (1, 2, 1.0, "k"), (1, 3, 1.0, "y"),
    (2, 1, 1.0, "x"), (2, 2, 1.0, "k"), (2, 3, 0.0, "الكرملين"),
    (3, 1, 0.0, "كرملين"), (3, 2, 1.0, "k"), (3, 3, 0.0, "الْكرملين"),
    (4, 1, 0.0, "zz"), (4, 2, 0.0, "m"), (4, 3, 0.0, "other"),
]  # fmt: skip


def test_discrimination_is_the_correlation_with_the_rest_of_the_set():
    # A: item [1,1,0,0], rest [1, .5, .5, 0]: sxy = .5, sxx = 1, syy = .5, r = .5 / √.5 = .7071.
    # C: item [1,0,0,0], rest [1, 1, .5, 0]: sxy = .375, sxx = .75, syy = .6875, r = .5222.
    rows = items.analyse(QUESTIONS, FIRST_ANSWERS)
    assert rows[0].discrimination == pytest.approx(70.71, abs=0.01)
    assert rows[2].discrimination == pytest.approx(52.22, abs=0.01)
    # Sorting both lists alike gives the same pairing here: the highest correlation possible.
    assert rows[0].efficiency == pytest.approx(100)


def test_discriminative_efficiency_is_a_share_of_the_best_possible():
    # Item [0,1,1], rest [0, 1, .5]: r = .866; sorted rest [0, .5, 1] gives .866 as well → 100 %.
    # Item [1,0,1], rest [0, 1, .5]: r = -.5 / (√(2/3)·√.5) = -.866; best .866 → -100 %.
    index, efficiency = items.discrimination([1, 0, 1], [0, 1, 0.5])
    assert index == pytest.approx(-86.60, abs=0.01)
    assert efficiency == pytest.approx(-100, abs=0.01)


def test_common_wrong_answers_are_counted_as_the_matcher_normalises_them_and_shown_as_typed():
    rows = items.analyse(QUESTIONS, FIRST_ANSWERS)
    # "الكرملين" and "الْكرملين" (a diacritic) are one answer once normalised, shown as first typed.
    assert rows[2].wrong_answers[0] == ("الكرملين", 2)
    assert ("كرملين", 1) in rows[0].wrong_answers


def test_moodle_flags_need_twenty_students():
    row = items.ItemRow(1, "a", "A?", "short", 0, responses=19, facility=1.0, discrimination=-5, efficiency=3)
    assert items.flags(row) == []
    row.responses = 20
    with translation.override("en"):
        found = [str(f) for f in items.flags(row)]
    assert len(found) == 3 and any("95" in f for f in found) and any("negative" in f for f in found)


def test_a_question_that_everybody_answers_alike_has_no_discrimination():
    assert items.discrimination([1, 1, 1], [0, 0.5, 1]) == (None, None)


def test_mastery_is_predicted_recall_of_ninety_percent_on_the_target_day():
    # FSRS-6: R(t) = (1 + F·t/S)^-0.1542 with F = 0.9^(1/-0.1542) - 1 = 0.9803.
    # S = 10, 12 days after the review: (1 + 0.9803·1.2)^-0.1542 = 0.8870.
    last = NOW - timedelta(days=5)
    target = NOW + timedelta(days=7)
    assert scheduling.recall_on(10, last, target) == pytest.approx(0.887, abs=0.002)
    assert not student_reports.is_mastered(10, last, target)
    # By definition of stability, recall is 90 % after S days: 12 days on S = 12 is mastered.
    assert student_reports.is_mastered(12, last, target)
    assert not student_reports.is_mastered(None, None, target)


def test_mastery_is_measured_on_the_due_date_or_a_week_ahead():
    assert student_reports.mastery_target(None, NOW, "UTC") == NOW + timedelta(days=7)
    assert student_reports.mastery_target(date(2026, 3, 20), NOW, "UTC") == datetime(2026, 3, 21, tzinfo=UTC)
    # A due date already past: a week ahead again.
    assert student_reports.mastery_target(date(2026, 3, 1), NOW, "UTC") == NOW + timedelta(days=7)


def test_a_card_is_mature_from_an_interval_of_21_days():
    assert scheduling.stage(scheduling.REVIEW, NOW + timedelta(days=21), NOW) == "mature"
    assert scheduling.stage(scheduling.REVIEW, NOW + timedelta(days=20), NOW) == "young"
    assert scheduling.stage(scheduling.RELEARNING, NOW + timedelta(days=40), NOW) == "learning"


def log(student, question, *, days_ago, rating, interval=30, state=scheduling.REVIEW, undone=False, r=None):
    at = NOW - timedelta(days=days_ago)
    last = at - timedelta(days=interval)
    return Review.objects.create(
        student=student,
        question=question,
        version=question.current_version,
        rating=rating,
        score=1.0 if rating > 1 else 0.0,
        state_before=state,
        stability_before=20,
        difficulty_before=5,
        due_before=last + timedelta(days=interval),
        last_review_before=last,
        state_after=scheduling.REVIEW,
        stability_after=25,
        difficulty_after=5,
        due_after=at + timedelta(days=25),
        scheduled_seconds=25 * 86400,
        reviewed_at=at,
        undone_at=at if undone else None,
        retrievability=r,
    )


@pytest.mark.django_db
def test_true_retention_counts_mature_reviews_of_the_last_30_days(student, sample_set):
    q = sample_set.questions.get(key="founded")
    log(student, q, days_ago=1, rating=3)  # counted, right
    log(student, q, days_ago=2, rating=1)  # counted, wrong
    log(student, q, days_ago=3, rating=4)  # counted, right
    log(student, q, days_ago=4, rating=3, interval=10)  # young: left out
    log(student, q, days_ago=40, rating=1)  # too old: left out
    log(student, q, days_ago=5, rating=1, undone=True)  # undone: left out
    log(student, q, days_ago=6, rating=3, state=scheduling.LEARNING)  # not in review: left out
    tallies.rebuild([student.pk])
    assert tallies.true_retention([student.pk], [sample_set.pk], NOW, "UTC") == {sample_set.pk: (3, 2)}


@pytest.mark.django_db
def test_calibration_bins_predicted_against_observed(student, sample_set):
    q = sample_set.questions.get(key="founded")
    for rating in (3, 3, 1):
        log(student, q, days_ago=1, rating=rating, r=0.95)
    for rating in (3, 1):
        log(student, q, days_ago=1, rating=rating, r=0.55)
    log(student, q, days_ago=1, rating=1, r=0.05)
    log(student, q, days_ago=1, rating=1, r=None)  # a new card: no prediction
    bins = calibration.bins(Review.objects.filter(student=student))
    assert [(b.reviews, round(b.observed, 4)) for b in bins if b.reviews] == [(1, 0.0), (2, 0.5), (3, 0.6667)]
    assert bins[9].predicted == pytest.approx(0.95)
    # √((3·(2/3 − .95)² + 2·(.5 − .55)² + (0 − .05)²) / 6) = 0.2034
    assert calibration.error(bins) == pytest.approx(0.2034, abs=0.0005)


@pytest.mark.django_db
def test_a_prediction_of_exactly_one_falls_in_the_top_bin(student, sample_set):
    log(student, sample_set.questions.get(key="founded"), days_ago=1, rating=3, r=1.0)
    assert calibration.bins(Review.objects.filter(student=student))[9].reviews == 1


def test_the_streak_counts_days_in_a_row_up_to_today_or_yesterday():
    today = date(2026, 3, 10)
    days = {today - timedelta(days=d): 3 for d in (1, 2, 3, 5)}
    assert student_reports.streak(days, today) == 3
    days[today] = 1
    assert student_reports.streak(days, today) == 4
    assert student_reports.streak({}, today) == 0


def test_csv_has_a_bom_and_no_live_formulas():
    data = to_csv(["سؤال", "n"], [['=HYPERLINK("x")', -3], ["+1", 2.5], ["@me", None]]).decode("utf-8")
    assert data.startswith("\ufeff")
    lines = data[1:].splitlines()
    assert lines[1] == '"\'=HYPERLINK(""x"")",-3'
    assert lines[2] == "'+1,2.5" and lines[3] == "'@me,"


@pytest.mark.django_db
def test_the_backfill_fills_predictions_from_the_state_before_each_review(student, sample_set):
    from django.core.management import call_command

    q = sample_set.questions.get(key="founded")
    old = log(student, q, days_ago=1, rating=3)  # stability 20, last reviewed 30 days before
    kept = log(student, q, days_ago=2, rating=3, r=0.5)
    call_command("backfill_retrievability", stdout=__import__("io").StringIO())
    old.refresh_from_db()
    kept.refresh_from_db()
    # (1 + 0.9803·30/20)^-0.1542 = 2.4705^-0.1542 = e^(-0.1542·0.9044) = 0.8698
    assert old.retrievability == pytest.approx(0.8698, abs=0.002)
    assert kept.retrievability == 0.5


@pytest.mark.django_db
def test_tallies_rebuilt_from_the_log_give_the_same_calibration_and_retention(student, sample_set):
    from quizzes.models import BinTally, DayTally

    q = sample_set.questions.get(key="founded")
    for days_ago, rating, r in [(1, 3, 0.95), (2, 1, 0.95), (3, 3, 0.55), (4, 4, None), (40, 1, 0.2)]:
        log(student, q, days_ago=days_ago, rating=rating, r=r)
    log(student, q, days_ago=2, rating=1, r=0.9, undone=True)
    tallies.rebuild([student.pk])
    from_log = calibration.bins(Review.objects.filter(student=student))
    from_tallies = calibration.bins_from_tallies(BinTally.objects.filter(student=student))
    assert [(b.reviews, round(b.predicted, 6), b.observed) for b in from_log] == [
        (b.reviews, round(b.predicted, 6), b.observed) for b in from_tallies
    ]
    # One day tally per study day with a review (five days; the undone review's day has another).
    assert DayTally.objects.filter(student=student).count() == 5
    # Mature reviews (interval 30 days) of the last 30 days: 4 (3 right); the one 40 days ago is out.
    since = NOW.date() - timedelta(days=30)
    recent = DayTally.objects.filter(student=student, day__gt=since)
    assert sum(t.mature for t in recent) == 4 and sum(t.mature_recalled for t in recent) == 3


def test_the_fast_mastery_rule_agrees_with_fsrs_recall():
    last = NOW - timedelta(days=3)
    for stability in (0.5, 1, 4.9, 9, 9.99, 10, 10.01, 11, 30):
        for days in range(0, 25):
            target = last + timedelta(days=days, hours=5)
            exact = scheduling.recall_on(stability, last, target) >= 0.9 - 1e-12
            assert scheduling.recalled_on(stability, last, target) == exact, (stability, days)


def test_the_database_counts_mastery_as_the_python_rule_does(student, sample_set):
    from django.db.models import Case, Value, When

    from quizzes.models import CardState

    last = NOW - timedelta(days=3, microseconds=876_544)
    stabilities = [0.5, 1, 4.9, 10, 10.01, 12, 0, 30]
    questions = list(sample_set.questions.order_by("position"))[: len(stabilities)]
    assert len(questions) >= 5
    CardState.objects.bulk_create(
        CardState(
            student=student, question=q, state=scheduling.REVIEW, stability=s, difficulty=5, due=NOW, last_review=last
        )
        for q, s in zip(questions, stabilities, strict=False)
    )
    # Whole days after the review, and a millisecond either side of each (the edge of a day).
    for days in range(0, 16):
        for shift in (timedelta(0), timedelta(milliseconds=1), -timedelta(milliseconds=1), timedelta(hours=5)):
            target = last + timedelta(days=days) + shift
            counted = dict(
                CardState.objects.filter(student=student)
                .annotate(ok=Case(When(scheduling.recalled_by(target), then=Value(True)), default=Value(False)))
                .values_list("stability", "ok")
            )
            expected = {s: scheduling.recalled_on(s, last, target) for s in counted}
            assert counted == expected, (days, shift)


@pytest.mark.django_db
def test_the_dashboard_and_the_report_show_one_true_retention(student, sample_set):
    from django.db.models import Count

    from quizzes.study.progress import progress_by_set

    q = sample_set.questions.get(key="founded")
    log(student, q, days_ago=1, rating=3)  # mature, right
    log(student, q, days_ago=2, rating=1)  # mature, wrong
    log(student, q, days_ago=3, rating=3, interval=10)  # young: not part of true retention
    tallies.rebuild([student.pk])
    sets = list(type(sample_set).objects.filter(pk=sample_set.pk).annotate(question_count=Count("questions")))
    dashboard = progress_by_set(student, sets, NOW)[sample_set.pk]
    (report,) = student_reports.set_rows(student, sets, NOW)
    assert dashboard.retention == report.retention == 0.5
    assert dashboard.retention_reviews == report.retention_reviews == 2


@pytest.mark.django_db
def test_the_forecast_counts_studied_cards_by_study_day_with_overdue_ones_today(student, sample_set):
    from django.db.models import Count
    from django.utils import timezone

    from quizzes.models import CardState

    questions = list(sample_set.questions.order_by("pk")[:7])
    dues = {
        0: NOW - timedelta(days=3),  # overdue: today
        1: NOW + timedelta(days=2),  # in two study days
        2: NOW + timedelta(days=2, hours=1),  # the same day
        3: NOW + timedelta(days=40),  # beyond the forecast
        4: NOW + timedelta(days=1),  # suspended: left out
        5: NOW + timedelta(days=1),  # never reviewed (new): left out
        6: NOW + timedelta(days=1),  # retired: left out
    }
    for i, q in enumerate(questions):
        CardState.objects.create(
            student=student,
            question=q,
            state=scheduling.REVIEW,
            stability=10,
            difficulty=5,
            due=dues[i],
            last_review=None if i == 5 else NOW - timedelta(days=5),
            suspended_at=NOW if i == 4 else None,
        )
    questions[6].retired_at = timezone.now()
    questions[6].save(update_fields=["retired_at"])
    sets = list(type(sample_set).objects.filter(pk=sample_set.pk).annotate(question_count=Count("questions")))
    report = student_reports.build(student, sets, NOW)
    counts = dict(report.charts["forecast"].table.rows)
    assert len(counts) == student_reports.FORECAST_DAYS
    assert counts[NOW.date().isoformat()] == 1
    assert counts[(NOW.date() + timedelta(days=2)).isoformat()] == 2
    assert sum(counts.values()) == 3


@pytest.mark.django_db
def test_the_heatmap_streak_and_retention_come_from_one_read_of_the_day_tallies(student, sample_set):
    from django.db.models import Count

    q = sample_set.questions.get(key="founded")
    log(student, q, days_ago=0, rating=3)  # mature, right
    log(student, q, days_ago=1, rating=1)  # mature, wrong
    log(student, q, days_ago=1, rating=3, interval=10)  # young: a review, not in true retention
    log(student, q, days_ago=40, rating=3)  # on the heatmap, outside the retention window
    log(student, q, days_ago=400, rating=3)  # older than the heatmap's year
    tallies.rebuild([student.pk])
    sets = list(type(sample_set).objects.filter(pk=sample_set.pk).annotate(question_count=Count("questions")))
    report = student_reports.build(student, sets, NOW)
    days = {date.fromisoformat(d): n for d, n in report.charts["heatmap"].table.rows}
    assert days == {
        scheduling.study_date(NOW - timedelta(days=d), student.time_zone): n for d, n in ((0, 1), (1, 2), (40, 1))
    }
    assert report.streak == 2
    assert (report.overall.retention_reviews, report.overall.retention_recalled) == (2, 1)
    assert tallies.true_retention([student.pk], [sample_set.pk], NOW, student.time_zone) == {sample_set.pk: (2, 1)}


@pytest.mark.django_db
def test_a_report_shows_a_questions_topics_prompt_and_articles_as_they_are_after_an_edit(
    student, instructor, sample_set
):
    """The set's questions are kept between reports until the set's content revision moves."""
    from django.db.models import Count

    from quizzes.bank import editing, writing
    from quizzes.bank.importing import stored_question

    q = sample_set.questions.get(key="founded")
    log(student, q, days_ago=1, rating=1)
    tallies.rebuild([student.pk])

    def report():
        sets = list(type(sample_set).objects.filter(pk=sample_set.pk).annotate(question_count=Count("questions")))
        built = student_reports.build(student, sets, NOW)
        return (
            [row[0] for row in built.tables["tags"].rows],
            [row[0] for row in built.tables["sources"].rows],
            [row[0] for row in built.tables["missed"].rows],
        )

    assert report() == (["تأسيس"], ["وثيقة تجريبية"], [q.prompt])
    editing.add_source(sample_set, key="doc1", title="وثيقة ثانية")
    raw = stored_question(sample_set.questions.get(pk=q.pk))
    raw.update(prompt="متى أنشئت المنظمة؟", tags=["تاريخ"], sources=[{"doc": "doc1", "quote": "أنشئت عام 2002"}])
    writing.save_question(sample_set, raw, author=instructor)
    assert report() == (["تاريخ"], ["وثيقة ثانية"], ["متى أنشئت المنظمة؟"])


@pytest.mark.django_db
def test_a_kept_report_moves_with_each_review_undo_rescore_and_rebuild_of_the_students_tallies(student, sample_set):
    """What a report reads from the tallies is kept under the student's tallies revision: every way
    the tallies change moves it, so the next report is never stale."""
    from django.db.models import Count

    q = sample_set.questions.get(key="founded")
    sets = list(type(sample_set).objects.filter(pk=sample_set.pk).annotate(question_count=Count("questions")))

    def figures():
        built = student_reports.build(student, sets, NOW)
        answered = {row[0]: (row[1], row[2]) for row in built.tables["missed"].rows}
        return sum(n for _d, n in built.charts["heatmap"].table.rows), answered.get(q.prompt)

    assert figures() == (0, None)
    first = log(student, q, days_ago=0, rating=1)
    first.score = 0.0
    tallies.count(first, sample_set.pk, student.time_zone)
    assert figures() == (1, (1, 1))
    second = log(student, q, days_ago=0, rating=1, r=0.9)
    tallies.count(second, sample_set.pk, student.time_zone)
    assert figures() == (2, (2, 2))
    tallies.rescore(second, 1.0)  # an "I was right" upheld
    Review.objects.filter(pk=second.pk).update(score=1.0)
    assert figures() == (2, (1, 2))
    second.score = 1.0
    tallies.forget(second, sample_set.pk, student.time_zone)  # undone
    Review.objects.filter(pk=second.pk).update(undone_at=NOW)
    assert figures() == (1, (1, 1))
    Review.objects.filter(pk=first.pk).delete()
    tallies.rebuild([student.pk])
    assert figures() == (0, None)


@pytest.mark.django_db
def test_a_tallies_revision_lost_from_the_cache_comes_back_as_a_new_one(student):
    from django.core.cache import cache

    seen = {tallies.revision(student.pk)}
    tallies.changed(student.pk)
    seen.add(tallies.revision(student.pk))
    cache.delete(f"tallies:{student.pk}")
    assert tallies.revision(student.pk) not in seen
    assert len(seen) == 2
