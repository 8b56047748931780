"""Progress reports: what a student has learned, how a class is doing, how each question works.

Study-log reports are built here; quiz attempts come from the timed quizzes, read through
`quiz_rows` and `quiz_item_rows` (reports/quiz_attempts.py).
"""

from .quiz_attempts import quiz_item_rows, quiz_rows

__all__ = ["quiz_item_rows", "quiz_rows"]
