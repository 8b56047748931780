"""Item analysis of a set over a class, as Moodle's quiz statistics compute it, from each
student's first answer to each question: facility, discrimination, discriminative efficiency and
the most common wrong answers, with the problem reports and "I was right" overrides beside them."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import mul

from django.db.models import Case, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .. import arabic
from ..bank.problems import overrides_for_set
from ..models import Membership, ProblemReport, Question, QuestionTally
from ..questions import TYPES, get_type
from . import charts

# Moodle flags a question only with enough answers to go on.
MIN_STUDENTS = 20
LOW_FACILITY, HIGH_FACILITY = 0.05, 0.95
LIKELY_FAULTY = 30  # discrimination index, in percent
LOW_EFFICIENCY = 15
COMMON_WRONG = 3
REPORTS_PER_QUESTION = 5


@dataclass
class ItemRow:
    question_id: int
    key: str
    prompt: str
    type: str
    position: int
    responses: int = 0
    facility: float | None = None
    discrimination: float | None = None
    efficiency: float | None = None
    wrong_answers: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    overrides: list = field(default_factory=list)


def correlation(xs, ys):
    """Pearson's r of two equal-length lists; None when either does not vary."""
    return _correlations(xs, ys, paired_sorted=False)[0]


def _correlations(xs, ys, paired_sorted=True):
    """(r of xs and ys, r of both sorted alike): sorting changes neither mean nor spread, so the
    second needs only one more sum. Nones when either list does not vary."""
    n = len(xs)
    if n < 2:
        return None, None
    mx, my = sum(xs) / n, sum(ys) / n
    dx, dy = [x - mx for x in xs], [y - my for y in ys]
    sxx, syy = sum(map(mul, dx, dx)), sum(map(mul, dy, dy))
    if sxx == 0 or syy == 0:
        return None, None
    spread = (sxx * syy) ** 0.5
    best = sum(map(mul, sorted(dx), sorted(dy))) / spread if paired_sorted else None
    return sum(map(mul, dx, dy)) / spread, best


def discrimination(item_scores, rest_scores):
    """(discrimination index, discriminative efficiency), in percent: the correlation of the item
    with the rest, and that correlation as a share of the highest the two distributions allow
    (both sorted alike)."""
    r, best = _correlations(item_scores, rest_scores)
    if r is None:
        return None, None
    return r * 100, (r / best * 100 if best else None)


def first_answers(student_ids, qset):
    """(student id, question id, score, response) of each student's first answer to each question
    of the set, from the tallies (which keep it when the answer is rated)."""
    # Responses come back as JSON text, decoded here for wrong answers only: decoding every
    # response (or even passing each row through the JSON field) is the costly part.
    wrong = Case(When(first_score__lt=1, then=Cast("first_response", TextField())), default=Value(None))
    rows = (
        QuestionTally.objects.filter(student_id__in=student_ids, question_set=qset, first_review_id__isnull=False)
        .annotate(wrong=wrong)
        .values_list("student_id", "question_id", "first_score", "wrong")
    )
    return [
        (student_id, question_id, score, json.loads(response) if response is not None else None)
        for student_id, question_id, score, response in rows
    ]


def wrong_answer(type_name, data, response):
    """(what groups it, what the page shows) for a wrong response: the response as the student
    saw it (option texts, gap labels, items and pairs by their texts; typed text as typed), told
    by the question's type, grouped as the matcher compares typed text."""
    shown = get_type(type_name).describe_response(data, response) if type_name in TYPES else str(response)
    return arabic.normalize(shown), shown


def analyse(questions, answers, versions=None, marks=None):
    """ItemRows for questions [(id, key, prompt, type, position, data)] from first answers
    [(student id, question id, score, response)]: the statistics, without flags. `versions`, when
    given, holds each answer's own question data (the version it was shown), by its place in
    `answers`; otherwise the question's current data describes its wrong answers.

    Without `marks` (study's answers) each question is compared with the mean score of the
    student's other answers. With `marks` (each answer's mark, by its place: a quiz attempt's
    questions) it is compared as Moodle does: the item's marks with the sum of the marks of the
    attempt's other questions, which differs from their mean once attempts hold different questions."""
    weighted = marks is not None
    marks = marks if weighted else [1.0] * len(answers)
    by_student = defaultdict(dict)
    for (student_id, question_id, score, _response), mark in zip(answers, marks, strict=True):
        by_student[student_id][question_id] = score * mark
    totals = {s: (sum(scores.values()), len(scores)) for s, scores in by_student.items()}
    rows = {q[0]: ItemRow(q[0], q[1], q[2], q[3], q[4]) for q in questions}
    data = {q[0]: q[5] for q in questions}
    item, rest, wrong = defaultdict(list), defaultdict(list), defaultdict(Counter)
    spellings = defaultdict(Counter)
    scores = Counter()
    for i, (student_id, question_id, score, response) in enumerate(answers):
        row = rows.get(question_id)
        if row is None:
            continue
        total, count = totals[student_id]
        if count > 1:
            own = score * marks[i]
            item[question_id].append(own)
            rest[question_id].append(total - own if weighted else (total - own) / (count - 1))
        row.responses += 1
        scores[question_id] += score
        if score < 1 and response is not None:
            shown_with = versions[i] if versions is not None and versions[i] is not None else data[question_id]
            group, shown = wrong_answer(row.type, shown_with, response)
            wrong[question_id][group] += 1
            spellings[(question_id, group)][shown] += 1
    for qid, row in rows.items():
        if row.responses:
            row.facility = scores[qid] / row.responses
        row.discrimination, row.efficiency = discrimination(item[qid], rest[qid])
        # Each group shows its most common spelling, as students wrote it.
        row.wrong_answers = [
            (spellings[(qid, group)].most_common(1)[0][0], n)
            for group, n in wrong[qid].most_common(COMMON_WRONG)
            if group
        ]
    return [rows[q[0]] for q in questions]


def flags(row):
    """Moodle's warnings for a question answered by at least 20 students."""
    if row.responses < MIN_STUDENTS:
        return []
    found = []
    if row.facility is not None and row.facility < LOW_FACILITY:
        found.append(_("Very hard: facility under %(limit)s") % {"limit": "5%"})
    if row.facility is not None and row.facility > HIGH_FACILITY:
        found.append(_("Very easy: facility over %(limit)s") % {"limit": "95%"})
    if row.discrimination is not None and row.discrimination < 0:
        found.append(_("Faulty: negative discrimination"))
    elif row.discrimination is not None and row.discrimination < LIKELY_FAULTY:
        found.append(_("Likely faulty: discrimination under 30"))
    if row.efficiency is not None and row.efficiency < LOW_EFFICIENCY:
        found.append(_("Low discriminative efficiency: under %(limit)s") % {"limit": "15%"})
    return found


def build(klass, qset):
    student_ids = list(Membership.objects.current().filter(klass=klass).values_list("student_id", flat=True))
    questions = list(
        Question.objects.filter(question_set=qset, retired_at__isnull=True)
        .order_by("position")
        .values_list("pk", "key", "prompt", "type", "position", "data")
    )
    answers = list(first_answers(student_ids, qset)) if student_ids else []
    rows = analyse(questions, answers)
    by_key = {row.key: row for row in rows}
    by_id = {row.question_id: row for row in rows}
    reports = (
        ProblemReport.objects.filter(question__question_set=qset, resolved_at__isnull=True)
        .order_by("-created_at")
        .values_list("question_id", "reason", "comment")[:200]
    )
    labels = dict(ProblemReport.Reason.choices)
    for question_id, reason, comment in reports:
        row = by_id.get(question_id)
        if row is not None and len(row.reports) < REPORTS_PER_QUESTION:
            row.reports.append(f"{labels.get(reason, reason)}{': ' + comment if comment else ''}")
    for override in overrides_for_set(qset):
        row = by_key.get(override.question_key)
        if row is not None and len(row.overrides) < REPORTS_PER_QUESTION:
            row.overrides.append(override.response)
    for row in rows:
        row.flags = flags(row)
    return rows, table(rows, "items", _("Item analysis"), with_reports=True)


def table(rows, slug, title, *, with_reports=False):
    """The item-analysis table of ItemRows, for study answers and quiz attempts alike; study's
    adds the open problem reports and the "I was right" answers."""
    headers = [
        _("Question"),
        _("Key"),
        _("Responses"),
        _("Facility (percent)"),
        _("Discrimination index"),
        _("Discriminative efficiency (percent)"),
        _("Common wrong answers"),
        _("Warnings"),
    ]
    if with_reports:
        headers += [_("Open problem reports"), _("“I was right” answers")]
    cells = []
    for r in rows:
        row = [
            r.prompt,
            r.key,
            r.responses,
            _round(r.facility * 100 if r.facility is not None else None),
            _round(r.discrimination),
            _round(r.efficiency),
            "; ".join(f"{t} ({n})" for t, n in r.wrong_answers),
            "; ".join(str(f) for f in r.flags),
        ]
        if with_reports:
            row += ["; ".join(r.reports), "; ".join(r.overrides)]
        cells.append(row)
    return charts.Table(slug, title, headers, cells)


def _round(value):
    return None if value is None else round(value, 1)
