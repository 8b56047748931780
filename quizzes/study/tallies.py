"""Running tallies of rated answers, part of recording a review, so reports never read the
review log: per student and question (answers, score, misses, the first answer), per student, set
and study day (reviews, recalled, retention counts), and per student, set and predicted-recall bin
over all days (what calibration reads). Written with each review in the same transaction, taken
back by undo and "I was right", rebuilt from the log by `rebuild_tallies`; reports only read them,
true retention through `true_retention`, and may keep what they read under the student's `revision`."""

import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Floor, Least

from .. import scheduling
from ..models import BinTally, DayTally, QuestionTally, Review

BINS = 10
NO_BIN = -1


def bin_of(retrievability):
    if retrievability is None:
        return NO_BIN
    return max(0, min(BINS - 1, int(retrievability * BINS)))


def revision(student_id):
    """A token that moves whenever the student's tallies change (each review, undo, rescore and
    rebuild): a report keeps what it read from them under it. A token lost from the cache comes
    back as a new one, never as an earlier one."""
    key = f"tallies:{student_id}"
    found = cache.get(key)
    if found is None:
        cache.add(key, time.time_ns(), None)
        found = cache.get(key)
    return found


def changed(student_id):
    """Moves the student's revision now and again once the transaction commits: a report that read
    the tallies before the commit is never kept under the revision that follows it."""
    _move(student_id)
    transaction.on_commit(lambda: _move(student_id))


def _move(student_id):
    key = f"tallies:{student_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def _flags(review):
    recalled = review.rating > scheduling.AGAIN
    in_review = review.state_before == scheduling.REVIEW
    mature = in_review and scheduling.is_mature(review.due_before, review.last_review_before)
    return recalled, in_review, mature


def true_retention(student_ids, set_ids, now, zone_name):
    """{set id: (reviews, recalled)}: the reviews of mature cards in the last 30 study days and how
    many were answered right (above Again), the one measure both the dashboard and the reports show."""
    rows = (
        DayTally.objects.filter(
            student_id__in=student_ids,
            question_set_id__in=set_ids,
            day__gte=scheduling.retention_since(now, zone_name),
        )
        .values("question_set_id")
        .annotate(total=Sum("mature"), recalled=Sum("mature_recalled"))
        .order_by()
    )
    return {r["question_set_id"]: (r["total"], r["recalled"]) for r in rows}


def count(review, set_id, zone_name):
    """Adds a review to its three tallies, one statement each."""
    changed(review.student_id)
    recalled, in_review, mature = _flags(review)
    quote = connection.ops.quote_name
    day_table, question_table = quote(DayTally._meta.db_table), quote(QuestionTally._meta.db_table)
    day_values = [
        1,
        int(recalled),
        review.retrievability or 0.0,
        int(in_review),
        int(in_review and recalled),
        int(mature),
        int(mature and recalled),
    ]
    names = ["reviews", "recalled", "predicted_sum", "in_review", "in_review_recalled", "mature", "mature_recalled"]
    updates = ", ".join(f"{n} = {day_table}.{n} + excluded.{n}" for n in names)
    day = DayTally._meta.get_field("day").get_db_prep_value(
        scheduling.study_date(review.reviewed_at, zone_name), connection
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {day_table} (student_id, question_set_id, day, {', '.join(names)})"
            f" VALUES (%s, %s, %s, {', '.join(['%s'] * len(names))})"
            f" ON CONFLICT (student_id, question_set_id, day) DO UPDATE SET {updates}",
            [review.student_id, set_id, day, *day_values],
        )
        bin_table = quote(BinTally._meta.db_table)
        cursor.execute(
            f"INSERT INTO {bin_table} (student_id, question_set_id, bin, reviews, recalled, predicted_sum)"
            f" VALUES (%s, %s, %s, 1, %s, %s) ON CONFLICT (student_id, question_set_id, bin) DO UPDATE SET"
            f" reviews = {bin_table}.reviews + 1, recalled = {bin_table}.recalled + excluded.recalled,"
            f" predicted_sum = {bin_table}.predicted_sum + excluded.predicted_sum",
            [review.student_id, set_id, bin_of(review.retrievability), int(recalled), review.retrievability or 0.0],
        )
        response = QuestionTally._meta.get_field("first_response").get_db_prep_value(review.response, connection)
        first = f"CASE WHEN {question_table}.first_review_id IS NULL THEN excluded.%s ELSE {question_table}.%s END"
        cursor.execute(
            f"INSERT INTO {question_table} (student_id, question_id, question_set_id, answers, score_sum, missed,"
            f" first_review_id, first_score, first_response) VALUES (%s, %s, %s, 1, %s, %s, %s, %s, %s)"
            f" ON CONFLICT (student_id, question_id) DO UPDATE SET answers = {question_table}.answers + 1,"
            f" score_sum = {question_table}.score_sum + excluded.score_sum,"
            f" missed = {question_table}.missed + excluded.missed,"
            f" first_score = {first % ('first_score', 'first_score')},"
            f" first_response = {first % ('first_response', 'first_response')},"
            f" first_review_id = COALESCE({question_table}.first_review_id, excluded.first_review_id)",
            [
                review.student_id,
                review.question_id,
                set_id,
                review.score,
                int(review.score < 0.5),
                review.pk,
                review.score,
                response,
            ],
        )


def forget(review, set_id, zone_name):
    """Takes an undone review out of its tallies; the first answer moves to the next one left."""
    changed(review.student_id)
    recalled, in_review, mature = _flags(review)
    DayTally.objects.filter(
        student_id=review.student_id,
        question_set_id=set_id,
        day=scheduling.study_date(review.reviewed_at, zone_name),
    ).update(
        reviews=F("reviews") - 1,
        recalled=F("recalled") - int(recalled),
        predicted_sum=F("predicted_sum") - (review.retrievability or 0.0),
        in_review=F("in_review") - int(in_review),
        in_review_recalled=F("in_review_recalled") - int(in_review and recalled),
        mature=F("mature") - int(mature),
        mature_recalled=F("mature_recalled") - int(mature and recalled),
    )
    BinTally.objects.filter(
        student_id=review.student_id, question_set_id=set_id, bin=bin_of(review.retrievability)
    ).update(
        reviews=F("reviews") - 1,
        recalled=F("recalled") - int(recalled),
        predicted_sum=F("predicted_sum") - (review.retrievability or 0.0),
    )
    QuestionTally.objects.filter(student_id=review.student_id, question_id=review.question_id).update(
        answers=F("answers") - 1, score_sum=F("score_sum") - review.score, missed=F("missed") - int(review.score < 0.5)
    )
    tally = QuestionTally.objects.filter(
        student_id=review.student_id, question_id=review.question_id, first_review_id=review.pk
    )
    if tally.exists():
        following = (
            Review.objects.filter(student_id=review.student_id, question_id=review.question_id, undone_at__isnull=True)
            .exclude(pk=review.pk)
            .order_by("id")
            .values_list("id", "score", "response")
            .first()
        )
        first_id, score, response = following or (None, None, None)
        tally.update(first_review_id=first_id, first_score=score, first_response=response)


def rescore(review, score):
    """The review's score becomes `score` in its question's tally (a rejected "I was right")."""
    changed(review.student_id)
    QuestionTally.objects.filter(student_id=review.student_id, question_id=review.question_id).update(
        score_sum=F("score_sum") - review.score + score,
        missed=F("missed") - int(review.score < 0.5) + int(score < 0.5),
    )
    QuestionTally.objects.filter(
        student_id=review.student_id, question_id=review.question_id, first_review_id=review.pk
    ).update(first_score=score)


def rebuild(student_ids=None):
    """Rebuilds the tallies from the review log (of some students, or everyone): the log is the truth."""
    people = get_user_model().objects.filter(pk__in=Review.objects.values("student_id"))
    if student_ids is not None:
        people = people.filter(pk__in=student_ids)
    done = 0
    for student_id, zone in people.values_list("pk", "time_zone"):
        live = Review.objects.filter(student_id=student_id, undone_at__isnull=True)
        with transaction.atomic():
            changed(student_id)
            QuestionTally.objects.filter(student_id=student_id).delete()
            DayTally.objects.filter(student_id=student_id).delete()
            BinTally.objects.filter(student_id=student_id).delete()
            per_question = list(
                live.values("question_id", "question__question_set_id")
                .annotate(
                    n=Count("id"), total=Sum("score"), missed=Count("id", filter=Q(score__lt=0.5)), first=Min("id")
                )
                .order_by()
            )
            firsts = {
                pk: (score, response)
                for pk, score, response in Review.objects.filter(pk__in=[r["first"] for r in per_question]).values_list(
                    "pk", "score", "response"
                )
            }
            QuestionTally.objects.bulk_create(
                QuestionTally(
                    student_id=student_id,
                    question_id=r["question_id"],
                    question_set_id=r["question__question_set_id"],
                    answers=r["n"],
                    score_sum=r["total"] or 0.0,
                    missed=r["missed"],
                    first_review_id=r["first"],
                    first_score=firsts[r["first"]][0],
                    first_response=firsts[r["first"]][1],
                )
                for r in per_question
            )
            recalled = Q(rating__gt=scheduling.AGAIN)
            in_review = Q(state_before=scheduling.REVIEW)
            mature = in_review & Q(due_before__gte=F("last_review_before") + scheduling.MATURE)
            rows = (
                live.annotate(
                    day=scheduling.study_day("reviewed_at", zone),
                    # PostgreSQL's LEAST skips NULLs (SQLite's MIN does not): no prediction is tested first.
                    bin=Case(
                        When(retrievability__isnull=True, then=Value(float(NO_BIN))),
                        default=Least(Floor(F("retrievability") * Value(float(BINS))), Value(BINS - 1.0)),
                    ),
                )
                .values("question__question_set_id", "day", "bin")
                .annotate(
                    n=Count("id"),
                    ok=Count("id", filter=recalled),
                    predicted=Coalesce(Sum("retrievability"), Value(0.0)),
                    rev=Count("id", filter=in_review),
                    rev_ok=Count("id", filter=in_review & recalled),
                    mat=Count("id", filter=mature),
                    mat_ok=Count("id", filter=mature & recalled),
                )
                .order_by()
            )
            names = ("n", "ok", "predicted", "rev", "rev_ok", "mat", "mat_ok")
            days, bins = {}, {}
            for r in rows:
                for tally, key in (
                    (days, (r["question__question_set_id"], r["day"])),
                    (bins, (r["question__question_set_id"], int(r["bin"]))),
                ):
                    sums = tally.setdefault(key, dict.fromkeys(names, 0))
                    for name in names:
                        sums[name] += r[name]
            DayTally.objects.bulk_create(
                (
                    DayTally(
                        student_id=student_id,
                        question_set_id=set_id,
                        day=day,
                        reviews=r["n"],
                        recalled=r["ok"],
                        predicted_sum=r["predicted"],
                        in_review=r["rev"],
                        in_review_recalled=r["rev_ok"],
                        mature=r["mat"],
                        mature_recalled=r["mat_ok"],
                    )
                    for (set_id, day), r in days.items()
                ),
                batch_size=2000,
            )
            BinTally.objects.bulk_create(
                BinTally(
                    student_id=student_id,
                    question_set_id=set_id,
                    bin=bin_,
                    reviews=r["n"],
                    recalled=r["ok"],
                    predicted_sum=r["predicted"],
                )
                for (set_id, bin_), r in bins.items()
            )
        done += 1
    return done
