"""Progress reports: what a student has learned, how a class is doing, how each question works.

Study-log reports are built here; quiz attempts come from the timed quizzes (issue 13), which
this package reads through `quiz_rows` and `quiz_item_rows` once they exist.
"""


def quiz_rows(student_ids):
    """The quiz attempts and scores of these students, newest first: a list of dicts with
    student_id, quiz, started_at, finished_at, score. Empty until timed quizzes are merged."""
    return []


def quiz_item_rows(student_ids, question_set_id):
    """Per-question statistics of the set's quiz attempts by these students (responses,
    facility, discrimination against the rest of the attempt). Empty until timed quizzes exist."""
    return []
