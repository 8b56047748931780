"""A source's article text: attached safely, quotes checked against it, and found to highlight."""

import time

import pytest
from django.core.management import call_command
from django.utils import translation

from quizzes.bank.sets import answer_notes
from quizzes.bank.sources import (
    MAX_TEXT_BYTES,
    SourceTextError,
    attach_seed_articles,
    attach_text,
    clean_text,
    find_source,
    locate_quote,
    passages,
    quote_problem,
    verify_quote,
)
from quizzes.models import QuestionSet, Source


@pytest.fixture
def english():
    with translation.override("en"):
        yield


ARTICLE = (
    "أثار وصول مظليين روس إلى كازاخستان مخاوف غربية.\n"
    "وتعد هذه أول عملية عسكرية للقوات الجماعية للدول الست.\n"
    "\n"
    "تم إنشاء المنظمة في عام 2002 على أساس اتفاقية قديمة بشأن الأمن الجماعي.\n"
)


def test_a_quote_in_the_article_is_verified():
    assert verify_quote(ARTICLE, "أول عملية عسكرية") == (True, "أول عملية عسكرية")


def test_a_quote_not_in_the_article_is_refused_with_the_closest_passage():
    ok, closest = verify_quote(ARTICLE, "تم انشاء المنظمه في سنة 2002")
    assert not ok
    assert closest == "تم إنشاء المنظمة في عام 2002"


def test_the_closest_passage_is_found_in_a_long_article():
    filler = "\n".join(f"فقرة رقم {i} عن موضوع آخر تماما لا علاقة له بالمنظمة." for i in range(400))
    ok, closest = verify_quote(filler + "\n" + ARTICLE + filler, "وتعد هذه اول عمليه عسكريه للقوات")
    assert not ok and closest == "وتعد هذه أول عملية عسكرية للقوات"


def test_the_closest_passage_of_a_long_article_takes_no_more_than_seconds():
    # Comparing every window letter by letter took 28 s on a 540,000-letter article.
    words = [f"كلمة{i % 5000}" for i in range(60_000)]
    words[45_000:45_006] = ["تم", "إنشاء", "المنظمة", "في", "عام", "2002"]
    started = time.perf_counter()
    ok, closest = verify_quote(" ".join(words), "تم انشاء المنظمه في سنة 2002")
    assert time.perf_counter() - started < 6
    assert not ok and closest == "تم إنشاء المنظمة في عام 2002"


def test_a_quote_is_matched_verbatim_and_not_leniently():
    # Spelling differences a typed answer would be forgiven are a different quote.
    assert verify_quote(ARTICLE, "اول عملية عسكرية")[0] is False
    assert verify_quote(ARTICLE, "أول عملية حربية")[0] is False


def test_whitespace_and_line_breaks_do_not_matter():
    assert verify_quote(ARTICLE, "  أول   عملية\nعسكرية ")[0]
    assert verify_quote(ARTICLE, "للدول الست. تم إنشاء المنظمة")[0]


def test_arabic_presentation_forms_match_their_letters():
    # "لا" copied from a PDF often arrives as the lam-alef ligature U+FEFB.
    text = "هذه المنظمة ﻻ تتدخل إلا بطلب."
    start, end = locate_quote(text, "لا تتدخل")
    assert text[start:end] == "ﻻ تتدخل"
    assert verify_quote("هذه المنظمة لا تتدخل", "ﻻ تتدخل")[0]


def test_locate_gives_the_quote_position_in_the_original_text():
    start, end = locate_quote(ARTICLE, "أول  عملية عسكرية")
    assert ARTICLE[start:end] == "أول عملية عسكرية"


def test_locate_spans_a_line_break_in_the_text():
    start, end = locate_quote(ARTICLE, "للدول الست. تم إنشاء")
    assert ARTICLE[start:end] == "للدول الست.\n\nتم إنشاء"


@pytest.mark.parametrize("quote", ["", "   ", "نص غير موجود"])
def test_locate_finds_nothing_for_a_missing_or_empty_quote(quote):
    assert locate_quote(ARTICLE, quote) is None


def test_verify_of_an_empty_quote_or_article_is_refused_without_a_passage():
    assert verify_quote(ARTICLE, "") == (False, "")
    assert verify_quote("", "أول عملية") == (False, "")


def test_quote_problem_names_the_closest_passage_in_the_students_language():
    assert quote_problem(ARTICLE, "أول عملية عسكرية") is None
    with translation.override("en"):
        assert quote_problem(ARTICLE, "أول عملية حربية") == (
            "The quote is not in its article. The closest passage is: “أول عملية عسكرية”"
        )
    with translation.override("ar"):
        assert quote_problem(ARTICLE, "أول عملية حربية").startswith("الاقتباس غير موجود في مقالته.")


def test_passages_keep_paragraphs_and_mark_the_quote_once():
    span = locate_quote(ARTICLE, "للدول الست. تم إنشاء")
    paragraphs = passages(ARTICLE, span)
    assert len(paragraphs) == 3
    marked = [piece for paragraph in paragraphs for piece in paragraph if piece["marked"]]
    assert [piece["text"] for piece in marked] == ["للدول الست.", "تم إنشاء"]
    assert [piece["first"] for piece in marked] == [True, False]
    assert "".join(piece["text"] for piece in paragraphs[0]) == "أثار وصول مظليين روس إلى كازاخستان مخاوف غربية."


def test_passages_without_a_quote_mark_nothing():
    assert not any(piece["marked"] for paragraph in passages(ARTICLE) for piece in paragraph)


def test_clean_text_refuses_a_nul_byte(english):
    with pytest.raises(SourceTextError, match="NUL"):
        clean_text("نص\x00مخفي")


def test_clean_text_refuses_more_than_a_megabyte(english):
    with pytest.raises(SourceTextError, match="1 MB"):
        clean_text("ا" * (MAX_TEXT_BYTES // 2 + 1))  # two bytes a letter in UTF-8
    with pytest.raises(SourceTextError, match="1 MB"):
        clean_text(b"a" * (MAX_TEXT_BYTES + 1))


def test_clean_text_refuses_bytes_that_are_not_utf8(english):
    with pytest.raises(SourceTextError, match="UTF-8"):
        clean_text("مقالة".encode("cp1256"))


def test_clean_text_reads_utf8_and_unifies_line_ends():
    assert clean_text("\ufeffسطر\r\nسطر\rسطر".encode()) == "سطر\nسطر\nسطر"


@pytest.mark.django_db
def test_attach_text_stores_the_article_and_renews_the_answer_side(sample_set):
    question = sample_set.questions.get(key="founded")
    assert answer_notes(sample_set, question.pk)["sources"][0]["has_text"] is False
    source = sample_set.sources.get(key="doc0")
    attach_text(source, ARTICLE.encode())
    assert Source.objects.get(pk=source.pk).text == ARTICLE
    qset = QuestionSet.objects.get(pk=sample_set.pk)
    assert answer_notes(qset, question.pk)["sources"][0] == {
        "key": "doc0",
        "title": "وثيقة تجريبية",
        "quote": "تم إنشاء المنظمة في عام 2002",
        "has_text": True,
    }


@pytest.mark.django_db
def test_attach_text_refuses_a_nul_byte_and_keeps_the_old_text(sample_set):
    source = sample_set.sources.get(key="doc0")
    attach_text(source, ARTICLE)
    with pytest.raises(SourceTextError):
        attach_text(source, "نص\x00")
    assert Source.objects.get(pk=source.pk).text == ARTICLE


@pytest.mark.django_db
def test_seed_articles_are_attached_from_their_files(sample_set, tmp_path):
    (tmp_path / "000_28bbfae33bae9d50.txt").write_text(ARTICLE, encoding="utf-8")
    assert attach_seed_articles(seeds_dir=tmp_path) == {"attached": 1, "unchanged": 0, "skipped": 0}
    assert sample_set.sources.get(key="doc0").text == ARTICLE
    assert attach_seed_articles(seeds_dir=tmp_path) == {"attached": 0, "unchanged": 1, "skipped": 0}


@pytest.mark.django_db
def test_seed_articles_slice_their_file_by_begins_and_ends(sample_set, tmp_path):
    sample_set.sources.filter(key="doc0").update(begins="وتعد هذه", ends="تم إنشاء")
    (tmp_path / "000_28bbfae33bae9d50.txt").write_text(ARTICLE, encoding="utf-8")
    attach_seed_articles(seeds_dir=tmp_path)
    assert sample_set.sources.get(key="doc0").text == "وتعد هذه أول عملية عسكرية للقوات الجماعية للدول الست.\n\n"


@pytest.mark.django_db
def test_missing_seed_files_are_skipped_quietly(sample_set, tmp_path, capsys):
    call_command("attach_sources", seeds_dir=str(tmp_path))
    assert "0 attached, 0 unchanged, 1 skipped" in capsys.readouterr().out
    assert sample_set.sources.get(key="doc0").text == ""


@pytest.mark.django_db
def test_a_seed_file_with_a_nul_byte_is_skipped(sample_set, tmp_path):
    (tmp_path / "000_28bbfae33bae9d50.txt").write_text("نص\x00", encoding="utf-8")
    assert attach_seed_articles(seeds_dir=tmp_path)["skipped"] == 1


@pytest.mark.django_db
def test_find_source_never_queries_for_an_impossible_key(sample_set, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert find_source(sample_set, "x" * 65) is None
        assert find_source(sample_set, "doc\x000") is None
        assert find_source(sample_set, "") is None
    assert find_source(sample_set, "doc0").title == "وثيقة تجريبية"
