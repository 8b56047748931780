"""Problem reports students file from a card, as the set's instructor reads and resolves them."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from ..models import ProblemReport, Review


@dataclass(frozen=True)
class ReportRow:
    id: int
    question_key: str
    prompt: str
    reason: str
    reason_label: str
    comment: str
    student: str
    created_at: datetime
    resolved_at: datetime | None


def reports_for_set(qset, *, resolved=False) -> list[ReportRow]:
    """The set's open reports (or resolved ones), newest first, in one query."""
    reports = (
        ProblemReport.objects.filter(question__question_set=qset, resolved_at__isnull=not resolved)
        .select_related("question", "student")
        .order_by("-created_at")
    )
    labels = dict(ProblemReport.Reason.choices)
    return [
        ReportRow(
            id=r.pk,
            question_key=r.question.key,
            prompt=r.question.prompt,
            reason=r.reason,
            reason_label=str(labels.get(r.reason, r.reason)),
            comment=r.comment,
            student=r.student.display_name or r.student.username,
            created_at=r.created_at,
            resolved_at=r.resolved_at,
        )
        for r in reports
    ]


def open_report_count(qset) -> int:
    return ProblemReport.objects.filter(question__question_set=qset, resolved_at__isnull=True).count()


def resolve(qset, report_id, *, now=None) -> bool:
    """Marks one of the set's reports resolved; False if it is not the set's or already resolved."""
    updated = ProblemReport.objects.filter(pk=report_id, question__question_set=qset, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )
    return bool(updated)


def report_problem(student, question_id, reason, comment):
    return ProblemReport.objects.create(student=student, question_id=question_id, reason=reason, comment=comment[:1000])


@dataclass(frozen=True)
class OverrideRow:
    id: int
    question_key: str
    prompt: str
    response: str
    original_score: float
    student: str
    at: datetime
    judged_at: datetime | None = None
    accepted: bool | None = None


def live_overrides():
    """Every "I was right" still standing (not undone)."""
    return Review.objects.filter(overridden_score__isnull=False, undone_at__isnull=True)


def overrides_for_set(qset, *, limit=200) -> list[OverrideRow]:
    """Answers students said were right although graded wrong ("I was right"), newest first: a
    spelling the accepted list lacks shows up here before it shows up in a report."""
    reviews = (
        live_overrides()
        .filter(question__question_set=qset)
        .select_related("question", "student")
        .order_by("-reviewed_at")[:limit]
    )
    return [
        OverrideRow(
            id=r.pk,
            question_key=r.question.key,
            prompt=r.question.prompt,
            response=as_text(r.response),
            original_score=r.overridden_score,
            student=r.student.display_name or r.student.username,
            at=r.reviewed_at,
            judged_at=r.override_reviewed_at,
            accepted=r.override_accepted,
        )
        for r in reviews
    ]


def as_text(response):
    if isinstance(response, dict):
        return " · ".join(str(v) for v in response.values())
    if isinstance(response, list):
        return " · ".join(str(v) for v in response)
    return "" if response is None else str(response)


def reports_for_question(question):
    """The question's open reports, newest first, for its page in the editor."""
    labels = dict(ProblemReport.Reason.choices)
    reports = question.problem_reports.filter(resolved_at__isnull=True).select_related("student")
    return [
        ReportRow(
            id=r.pk,
            question_key=question.key,
            prompt=question.prompt,
            reason=r.reason,
            reason_label=str(labels.get(r.reason, r.reason)),
            comment=r.comment,
            student=r.student.display_name or r.student.username,
            created_at=r.created_at,
            resolved_at=r.resolved_at,
        )
        for r in reports.order_by("-created_at")
    ]
