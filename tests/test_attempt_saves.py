"""What a save and a regrade store: the version a row was graded with, with its score; a save older
than the one stored changes nothing; a regrade repairs any row whose score is not its grade."""

from datetime import UTC, datetime, timedelta

import pytest

from quizzes.attempts import attempts, scoring
from quizzes.bank import writing
from quizzes.bank.importing import stored_question
from quizzes.models import Attempt, AttemptQuestion

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=1)


def change_key(quiz, answer):
    question = quiz.question_set.questions.get(key="founded")
    writing.save_question(quiz.question_set, {**stored_question(question), "answer": answer}, author=quiz.owner)


@pytest.fixture
def attempt(make_quiz, student):
    return attempts.start(make_quiz(student, time_limit=30), student, NOW)


def test_a_save_grades_with_the_version_its_row_has_when_written_and_stores_it(attempt):
    shown = attempt.questions.get(position=1)  # read when the page was drawn
    change_key(attempt.quiz, 2001)
    scoring.regrade(attempt.quiz)  # moves the row to the fixed key
    saved = attempts.save_answer(attempt, shown, {"response": ["2001"]}, LATER)
    row = AttemptQuestion.objects.get(pk=shown.pk)
    assert row.version_id == attempt.quiz.question_set.questions.get(key="founded").current_version_id
    assert row.score == saved.score == 1.0


def test_a_save_older_than_the_one_stored_changes_nothing(attempt):
    row = attempt.questions.get(position=1)
    attempts.save_answer(attempt, row, {"response": ["2002"]}, LATER, seq=2)
    attempts.save_answer(attempt, row, {"response": ["1999"]}, LATER + timedelta(seconds=5), seq=1)
    row.refresh_from_db()
    assert (row.response, row.score, row.saved_seq, row.saved_at) == ("2002", 1.0, 2, LATER)
    attempts.save_answer(attempt, row, {"response": ["1999"]}, LATER, seq=3)
    row.refresh_from_db()
    assert (row.response, row.score, row.saved_seq) == ("1999", 0.0, 3)


def test_a_regrade_repairs_a_row_whose_score_is_not_the_grade_of_its_version(attempt):
    row = attempt.questions.get(position=1)
    attempts.save_answer(attempt, row, {"response": ["2002"]}, LATER)
    attempts.submit(attempt, LATER)
    # What a race used to leave: the row on the current version with another version's score.
    AttemptQuestion.objects.filter(pk=row.pk).update(score=0.0)
    Attempt.objects.filter(pk=attempt.pk).update(score=0.0)
    changes = scoring.regrade(attempt.quiz).changes
    row.refresh_from_db()
    assert row.score == 1.0 and [(c.old, c.new) for c in changes] == [(0.0, 1.0)]
    assert Attempt.objects.get(pk=attempt.pk).score == pytest.approx(1 / attempt.questions.count())
    assert scoring.regrade(attempt.quiz).changes == []


def test_a_regrade_grades_an_unknown_answer_as_the_save_did(attempt):
    row = attempt.questions.get(position=2)  # single choice
    saved = attempts.save_answer(attempt, row, {"response": ["nothing"]}, LATER)
    assert scoring.regrade(attempt.quiz).changes == []
    row.refresh_from_db()
    assert row.score == saved.score == 0.0


def test_the_deadline_rule_imports_no_other_attempts_module():
    import ast
    from pathlib import Path

    import quizzes.attempts.deadline as deadline

    tree = ast.parse(Path(deadline.__file__).read_text())
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1]
    assert imported == [], imported


def test_no_module_of_attempts_hides_an_import_inside_a_function():
    import ast
    from pathlib import Path

    import quizzes.attempts

    for path in Path(quizzes.attempts.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not inner, f"{path.name}: {node.name} imports inside itself"


def answer_president(quiz, student, text):
    attempt = attempts.start(quiz, student, NOW)
    row = attempt.questions.get(question__key="president")
    attempts.save_answer(attempt, row, {"response": [text]}, LATER)
    attempts.submit(attempt, LATER)
    return attempt


def stored(quiz):
    rows = AttemptQuestion.objects.filter(attempt__quiz=quiz).order_by("pk")
    return (
        list(rows.values_list("pk", "version_id", "score")),
        list(Attempt.objects.filter(quiz=quiz).order_by("pk").values_list("pk", "score")),
    )


def test_a_regrade_says_first_what_it_would_change_and_then_changes_exactly_that(make_quiz, make_user):
    students = [make_user(name) for name in ("amal", "badr", "dana")]
    quiz = make_quiz(*students, time_limit=30)
    # Two students write the name as Arabic writes foreign names; one writes the key's spelling.
    for student, text in zip(students, ["طوكايف", "طوكاييف", "توكايف"], strict=True):
        answer_president(quiz, student, text)
    question = quiz.question_set.questions.get(key="president")
    raw = stored_question(question)
    raw["answers"] = [{**raw["answers"][0], "name": True}]
    writing.save_question(quiz.question_set, raw, author=quiz.owner)
    before = stored(quiz)
    assert AttemptQuestion.objects.filter(question=question, score=0.0).count() == 2  # old answers keep their grades

    preview = scoring.regrade(quiz, write=False, now=LATER)

    assert stored(quiz) == before  # a dry run writes nothing
    assert [(c.student, c.question, c.old, c.new) for c in preview.changes] == [
        ("amal", "president", 0.0, 1.0),
        ("badr", "president", 0.0, 1.0),
    ]
    assert preview.attempts == 2
    assert [g.student for g in preview.grades] == ["amal", "badr"]
    done = scoring.regrade(quiz, now=LATER)
    assert done == preview
    assert AttemptQuestion.objects.filter(question=question, score=1.0).count() == 3
    changed = {pk for (pk, _v, score), (_pk, _v2, old) in zip(stored(quiz)[0], before[0], strict=True) if score != old}
    assert len(changed) == len(preview.changes)
    assert scoring.regrade(quiz, write=False, now=LATER).changes == []
