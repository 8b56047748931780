"""The quiz's grades as CSV for a spreadsheet: UTF-8 with a BOM (so Excel shows Arabic right), and
no cell a spreadsheet could take for a formula."""

import csv
import io

from ..spreadsheets import safe_cell
from .attempts import effective_score, effective_state, effective_submitted_at, final_grade, with_points


def grades_csv(quiz, attempts, now):
    """One row per attempt of `attempts` (the quiz's attempts the reader may see: a co-instructor's
    own classes only), with the student's grade for the quiz by its grading method."""
    attempts = list(with_points(attempts.select_related("student")).order_by("student__username", "number"))
    by_student = {}
    for attempt in attempts:
        by_student.setdefault(attempt.student_id, []).append(attempt)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["student", "username", "attempt", "state", "started", "submitted", "score %", "quiz grade %"])
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
                "" if score is None else f"{score * 100:.1f}",
                "" if grade is None else f"{grade * 100:.1f}",
            ]
        )
    return out.getvalue()
