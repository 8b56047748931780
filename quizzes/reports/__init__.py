"""Progress reports: what a student has learned, how a class is doing, how each question works.

Study-log reports are built here; quiz attempts come from the timed quizzes, read through
`quiz_rows` and `quiz_item_rows` (reports/quiz_attempts.py).
"""


def quiz_rows(student_ids, now, *, quizzes=None):
    """The quiz attempts and scores of these students, newest first: quiz_attempts.QuizRow each
    (quiz, attempt number, state, started, finished, score, quiz grade), in one query."""
    # Imported here: the attempts import study answering, which imports this package's tallies.
    from .quiz_attempts import quiz_rows as rows

    return rows(student_ids, now, quizzes=quizzes)


def quiz_item_rows(student_ids, question_set_id, now):
    """Per-question statistics of the set's quiz attempts by these students (responses, facility,
    discrimination against the rest of the attempt, efficiency, flags), from first attempts."""
    from .quiz_attempts import quiz_item_rows as rows

    return rows(student_ids, question_set_id, now)
