"""Synthetic review histories where we know whether a fitted schedule beats the defaults, and a
way to write them into a student's log (one flashcard of the student's own set per history)."""

import random
from datetime import UTC, datetime, timedelta

from quizzes import scheduling
from quizzes.models import Question, QuestionSet, QuestionVersion, Review

START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def histories(recall, *, cards=40, days=120, seed=1, start=START):
    """Each card's (rating, reviewed_at): first learnt on one of the first 20 days, then reviewed
    after 1, 2, 4… days while recalled (Good), after a day again when forgotten (Again), the
    chance of recall being `recall(interval_days, day)`."""
    rng = random.Random(seed)
    result = []
    for card in range(cards):
        at = start + timedelta(days=card % 20, hours=rng.randint(0, 9))
        history, interval = [(scheduling.GOOD, at)], 1
        while (at + timedelta(days=interval) - start).days < days:
            at += timedelta(days=interval)
            recalled = rng.random() < recall(interval, (at - start).days)
            history.append((scheduling.GOOD if recalled else scheduling.AGAIN, at))
            interval = interval * 2 if recalled else 1
        result.append(history)
    return result


def forgetful(**kwargs):
    """A student who forgets far faster than the defaults expect (recall halves every two days),
    in the held-out reviews as before them: a fit to their log predicts those reviews better."""
    return histories(lambda interval, day: 0.5 ** (interval / 2), **kwargs)


def changed(**kwargs):
    """A student who forgot most cards for two months, then recalled every one: a fit to the
    first months predicts the latest reviews worse than the defaults."""
    return histories(lambda interval, day: 0.2 if day < 60 else 1.0, **kwargs)


def write(student, card_histories, *, end=None):
    """The histories as the student's study log, moved so the last review is `end` (default now)."""
    from django.utils import timezone

    last = max(at for history in card_histories for _rating, at in history)
    shift = (end or timezone.now()) - last
    qset = QuestionSet.objects.create(
        slug=f"log-{student.pk}", title="بطاقات", owner=student, personal=True, language="ar"
    )
    questions = Question.objects.bulk_create(
        Question(question_set=qset, key=f"c{i}", type="flashcard", position=i, prompt=f"بطاقة {i}", data={"back": "ج"})
        for i in range(len(card_histories))
    )
    versions = QuestionVersion.objects.bulk_create(
        QuestionVersion(question=q, number=1, type="flashcard", prompt=q.prompt, data=q.data, content_hash=f"h{q.pk}")
        for q in questions
    )
    for question, version in zip(questions, versions, strict=True):
        question.current_version = version
    Question.objects.bulk_update(questions, ["current_version"])
    reviews = []
    for question, history in zip(questions, card_histories, strict=True):
        for rating, at in history:
            reviews.append(
                Review(
                    student=student,
                    question=question,
                    version=question.current_version,
                    rating=rating,
                    score=1.0 if rating > scheduling.AGAIN else 0.0,
                    state_after=scheduling.REVIEW,
                    stability_after=1,
                    difficulty_after=5,
                    due_after=at + shift + timedelta(days=1),
                    scheduled_seconds=86400,
                    reviewed_at=at + shift,
                )
            )
    Review.objects.bulk_create(reviews)
    return qset
