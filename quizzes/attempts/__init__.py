"""Timed, scored quizzes: quiz settings, attempts and their deadline rule, scoring, review options, grades."""
