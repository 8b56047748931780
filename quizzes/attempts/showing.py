"""What a student is shown of a quiz and an attempt: the quiz's page with their attempts and grade,
the questions while answering (checked ones as the review options allow), and the result page.
Each function returns the plain values a template draws; no request reaches here."""

from ..bank.sets import answer_notes
from ..bank.sets import version as cached_version
from ..models import REVIEW_ITEMS, Quiz
from ..questions import get_type
from . import overrides, review_options
from .attempts import is_answered, rows, student_attempts
from .deadline import FINISHED_STATES, GRACE, OPEN_STATES, effective_state, effective_submitted_at, time_left
from .quizzes import is_open, question_total
from .scoring import PENDING, effective_score, final_grade, row_score


def quiz_page(quiz, student, now):
    """The quiz's page for a student: each attempt with its mark where the review options show it
    now, the grade by the quiz's method (only when every finished attempt's mark is shown), the
    attempt to resume, and whether they may start one; with the student's own overrides."""
    quiz = overrides.for_student(quiz, student)
    mine = list(student_attempts(quiz, student))
    attempts = []
    for a in mine:
        state, submitted = effective_state(a, now), effective_submitted_at(a, now)
        # Marks only where the quiz's review options show them at this moment, as on the result page.
        marks = "marks" in review_options.allowed(quiz, review_options.moment(quiz, state, submitted, now))
        score = effective_score(a, now)
        attempts.append({"attempt": a, "state": state, "submitted": submitted, "marks": marks, "score": score})
    marks_shown = all(r["marks"] for r in attempts if r["state"] in FINISHED_STATES)
    in_progress = next((r["attempt"] for r in attempts if r["state"] in OPEN_STATES), None)
    open_now = is_open(quiz, now)
    may_start = open_now and (not quiz.attempts_allowed or len(mine) < quiz.attempts_allowed)
    return {
        "quiz": quiz,
        "rows": attempts,
        "grade": final_grade(mine, quiz, now) if marks_shown else None,
        "is_open": open_now,
        "in_progress": in_progress,
        "may_start": may_start or in_progress is not None,
        "question_total": question_total(quiz),
    }


def question(row, quiz, show=None):
    """What the page shows of one question of an attempt; `show` is what the review options allow
    (None while answering)."""
    version = cached_version(row.version_id)
    qtype = get_type(version.type)
    shown = qtype.display(version.data, row.seed)
    if not quiz.shuffle_options and "options" in shown:
        order = {o["key"]: i for i, o in enumerate(version.data["options"])}
        shown["options"].sort(key=lambda o: order[o["key"]])
    item = {
        "row": row,
        "qtype": qtype,
        "template": qtype.template,
        "prompt": version.prompt,
        "shown": shown,
        "data": version.data,
        "saved": row.form or {},
        # Unique on a page that shows every question.
        "field_id": f"response-{row.position}",
        "answered": is_answered(row),
        "checked_at": row.checked_at,
    }
    counted = row_score(row.score, row.manual_score, row.saved_at)
    item["score"] = counted
    item["earned"] = counted if counted is PENDING else counted * row.mark
    if show is not None:
        # Every type grades a missing response as wrong, part by part, so the checked side can list them.
        grade = qtype.grade(version.data, row.response)
        item["show"] = show
        item["grade"] = grade
        if "right_answer" in show and "response" not in show:
            # The right answer alone: the checked side drawn as if the right answer had been given.
            correct = qtype.correct_response(version.data)
            item["pending"] = {"response": correct}
            item["grade"] = qtype.grade(version.data, correct)
        else:
            item["pending"] = row
        if "explanation" in show:
            item["notes"] = answer_notes(quiz.question_set, row.question_id)
            # Moodle's specific feedback goes with its general feedback: the chosen options' own.
            item["option_feedback"] = qtype.chosen_feedback(version.data, row.response)
    return item


def while_answering(row, quiz):
    """One question during the attempt: its checked side once checked (immediate feedback)."""
    if row.checked_at is None:
        return question(row, quiz)
    return question(row, quiz, review_options.allowed(quiz, "during") | {"response"})


def strip(attempt):
    """The navigation strip: each question's place, whether it is answered and flagged."""
    return list(attempt.questions.order_by("position").values("position", "saved_at", "flagged"))


def on_screen(quiz, position):
    """The question the strip marks as the one on screen (none when all are on one page)."""
    return position if quiz.layout == Quiz.Layout.ONE else None


def attempt_page(attempt, now, page):
    """The attempt while it is answered: the strip, the questions on this page, the time left."""
    quiz = attempt.quiz
    # The strip needs three fields of every question; only the questions on screen are read whole.
    places = strip(attempt)
    state = effective_state(attempt, now)
    if quiz.layout == Quiz.Layout.ALL:
        shown = rows(attempt)
    else:
        page = min(max(page, 1), len(places))
        shown = list(attempt.questions.filter(position=page))
    return {
        "attempt": attempt,
        "quiz": quiz,
        "state": state,
        "grace": state == GRACE,
        "rows": places,
        "page": page,
        "current": on_screen(quiz, page),
        "pages": len(places),
        # Only the first question on the page takes the keyboard focus.
        "questions": [dict(while_answering(row, quiz), autofocus=i == 0) for i, row in enumerate(shown)],
        "time_left": time_left(attempt, now),
        "now": now,
        "unanswered": sum(1 for r in places if r["saved_at"] is None),
        "save_clock": save_clock(attempt, now),
    }


# Tenths of a second: two tabs' saves of one question are ordered by when they were made.
SAVE_CLOCK_RATE = 10


def save_clock(attempt, now):
    """The save number a save made at `now` starts from: the time since the attempt began. The
    browser counts on from it, so a later save from another tab outranks an earlier one, and a late
    retry still ranks below the save that overtook it."""
    return max(0, int((now - attempt.started_at).total_seconds() * SAVE_CLOCK_RATE))


def save_status(attempt, row, error):
    """What an autosave redraws: the question's save status and the strip."""
    return {
        "attempt": attempt,
        "rows": strip(attempt),
        "current": on_screen(attempt.quiz, row.position),
        "item": {"row": row},
        "error": error,
        "just_saved": True,
    }


def result_page(attempt, now):
    """The finished attempt as its review options show it at this moment (its student's closing
    time, where an override moved it)."""
    quiz = overrides.for_student(attempt.quiz, attempt.student)
    state = effective_state(attempt, now)
    submitted = effective_submitted_at(attempt, now)
    show = review_options.allowed(quiz, review_options.moment(quiz, state, submitted, now))
    all_rows = rows(attempt)
    score = effective_score(attempt, now)
    total = sum(r.mark for r in all_rows)
    return {
        "attempt": attempt,
        "quiz": quiz,
        "state": state,
        "submitted": submitted,
        "score": score,
        "marks": None if score is None or score is PENDING else score * total,
        "total": total,
        "show": show,
        "questions": [question(row, quiz, show) for row in all_rows] if show else [],
    }


def instructor_review(attempt, now):
    """One attempt as its student saw it, for an instructor: every question with the response,
    the right answer, the marks and the grader's comment, whatever the review options say."""
    quiz = attempt.quiz
    all_rows = list(attempt.questions.select_related("manual_by").order_by("position"))
    score = effective_score(attempt, now)
    total = sum(r.mark for r in all_rows)
    show = set(REVIEW_ITEMS)
    return {
        "attempt": attempt,
        "quiz": quiz,
        "state": effective_state(attempt, now),
        "submitted": effective_submitted_at(attempt, now),
        "score": score,
        "marks": None if score is None or score is PENDING else score * total,
        "total": total,
        "show": show,
        "questions": [question(row, quiz, show) for row in all_rows],
    }
