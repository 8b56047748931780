"""The quiz's grades as CSV for a spreadsheet: UTF-8 with a BOM (so Excel shows Arabic right), and
no cell a spreadsheet could take for a formula."""

import csv
import io

from ..models import AttemptQuestion
from ..spreadsheets import safe_cell
from .attempts import effective_score, effective_state, effective_submitted_at, final_grade, with_points
from .scoring import PENDING

# What a cell says for a score that waits for a grader (an essay not marked yet).
NEEDS_GRADING = "needs grading"


def _cell(score, scale):
    if score is None:
        return ""
    if score is PENDING:
        return NEEDS_GRADING
    return f"{score * scale:.1f}" if scale == 100 else f"{round(score * scale, 2):g}"


def grades_csv(quiz, attempts, now):
    """One row per attempt of `attempts` (the quiz's attempts the reader may see: a co-instructor's
    own classes only), with the student's grade for the quiz by its grading method."""
    attempts = list(with_points(attempts.select_related("student")).order_by("student__username", "number"))
    by_student, by_hand = {}, {}
    marked = AttemptQuestion.objects.filter(attempt_id__in=[a.pk for a in attempts], manual_score__isnull=False)
    for attempt_id, position, score, mark, comment in marked.order_by("position").values_list(
        "attempt_id", "position", "manual_score", "mark", "manual_comment"
    ):
        note = f"Q{position}: {round(score * mark, 2):g}/{mark:g}" + (f" ({comment})" if comment else "")
        by_hand.setdefault(attempt_id, []).append(note)
    for attempt in attempts:
        by_student.setdefault(attempt.student_id, []).append(attempt)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            "student",
            "username",
            "attempt",
            "state",
            "started",
            "submitted",
            "score %",
            "quiz grade %",
            "marks",
            "out of",
            "quiz grade",
            "maximum grade",
            "marked by hand",
        ]
    )
    for attempt in attempts:
        score = effective_score(attempt, now)
        grade = final_grade(by_student[attempt.student_id], quiz, now)
        submitted = effective_submitted_at(attempt, now)
        writer.writerow(
            [
                safe_cell(str(attempt.student)),
                safe_cell(attempt.student.username),
                attempt.number,
                effective_state(attempt, now),
                attempt.started_at.isoformat(timespec="seconds"),
                submitted.isoformat(timespec="seconds") if submitted else "",
                _cell(score, 100),
                _cell(grade, 100),
                _cell(score, attempt.marks or 0),
                f"{attempt.marks or 0:g}",
                _cell(grade, quiz.max_grade),
                f"{quiz.max_grade:g}",
                # Each mark given by hand (an essay's, an override) with its comment.
                safe_cell("; ".join(by_hand.get(attempt.pk, []))),
            ]
        )
    return out.getvalue()
