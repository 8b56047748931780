"""import_bank and export_bank: every format in, all or nothing, and every writer out."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from quizzes.bank.formats import anki
from quizzes.bank.formats.registry import writers
from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_spreadsheet_imports_into_a_new_set_and_prints_the_plan(tmp_path):
    path = tmp_path / "capitals.csv"
    path.write_text("prompt,answer\nCapital of Qatar?,Doha\nCapital of Oman?,Muscat\n")
    out, _err = run("import_bank", str(path), "--into", "capitals", "--title", "Capitals")
    assert "capitals (new set): 2 to add" in out and "2 created" in out
    qset = QuestionSet.objects.get(slug="capitals")
    assert qset.title == "Capitals" and qset.questions.count() == 2


def test_every_skipped_note_is_printed_with_its_reason(tmp_path):
    from tests.test_anki import hand_made

    path = tmp_path / "deck.apkg"
    path.write_bytes(hand_made())
    out, _err = run("import_bank", str(path), "--into", "deck")
    assert "skipped [كلمة]" in out and "Vocabulary list" in out
    assert QuestionSet.objects.get(slug="deck").questions.count() == 2


def test_a_refused_file_writes_nothing_and_names_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Capital of Qatar?,Doha\n,Muscat\n")
    with pytest.raises(CommandError):
        out, err = run("import_bank", str(path), "--into", "bad")
    assert not QuestionSet.objects.filter(slug="bad").exists()
    assert not Question.objects.exists()


def test_the_refusal_is_printed_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("Capital of Qatar?,Doha\n,Muscat\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bank", str(path), stderr=err)
    assert f"{path}:2:1" in err.getvalue()


def test_a_file_from_another_tool_without_into_never_replaces_a_set(tmp_path, sample_set):
    path = tmp_path / "sample.csv"
    path.write_text("Capital of Qatar?,Doha\n")
    out, _err = run("import_bank", str(path))
    assert "sample-2 (new set)" in out
    assert sample_set.questions.filter(retired_at__isnull=True).count() > 1


def test_importing_into_an_existing_set_keeps_its_articles_and_settings(tmp_path, sample_set):
    sample_set.requires_sources = False
    sample_set.save()
    path = tmp_path / "more.csv"
    path.write_text("Capital of Qatar?,Doha\n")
    run("import_bank", str(path), "--into", "sample")
    sample_set.refresh_from_db()
    assert sample_set.sources.count() > 0 and sample_set.title != "more"
    assert sample_set.questions.filter(retired_at__isnull=True).count() == 1


@pytest.mark.parametrize("fmt", [f.name for f in writers()])
def test_export_bank_writes_every_format_and_the_file_imports_again(tmp_path, sample_set, fmt):
    sample_set.requires_sources = False
    sample_set.save()
    path = tmp_path / f"out.{fmt}"
    out, _err = run("export_bank", "sample", "--format", fmt, "-o", str(path))
    # YAML and Anki hold every type; Moodle has no flashcard, GIFT no flashcard, order or cloze.
    left_out = int(re.search(r"(\d+) left out", out).group(1))
    assert left_out == {"moodle-xml": 1, "gift": 3}.get(fmt, 0) and path.stat().st_size > 0
    assert out.count("left out [") == left_out  # each one named
    run("import_bank", str(path), "--into", "copy")
    assert QuestionSet.objects.get(slug="copy").questions.count() == sample_set.questions.count() - left_out


def test_export_bank_refuses_an_unknown_set(tmp_path):
    with pytest.raises(CommandError, match="No question set"):
        run("export_bank", "nothing", "--format", "apkg", "-o", str(tmp_path / "x.apkg"))


def test_an_exported_deck_uses_the_sets_stable_id(tmp_path, sample_set):
    path = tmp_path / "deck.apkg"
    run("export_bank", "sample", "--format", "apkg", "-o", str(path))
    from tests.test_anki import notes_of

    _guids, _models, decks = notes_of(path.read_bytes())
    assert str(anki.deck_id(str(sample_set.uuid))) in decks
