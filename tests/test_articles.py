from pathlib import Path

import pytest

from quizzes.bank.articles import ArticleNotFound, article_text, read_article

FILE = "عنوان الأول\nنص الأول.\nعنوان الثاني\nنص الثاني، وفيه عنوان الأول مرة أخرى.\n"


def test_without_bounds_the_article_is_the_whole_file():
    assert article_text(FILE) == FILE


def test_the_article_runs_from_its_first_line_up_to_the_next_article():
    assert article_text(FILE, "عنوان الأول", "عنوان الثاني") == "عنوان الأول\nنص الأول.\n"


def test_an_article_without_an_end_runs_to_the_end_of_the_file():
    assert article_text(FILE, begins="عنوان الثاني") == "عنوان الثاني\nنص الثاني، وفيه عنوان الأول مرة أخرى.\n"


def test_an_article_without_a_beginning_starts_at_the_file_start():
    assert article_text(FILE, ends="عنوان الثاني") == "عنوان الأول\nنص الأول.\n"


def test_the_end_is_looked_for_only_after_the_beginning():
    assert article_text(FILE, "نص الثاني", "عنوان الأول") == "نص الثاني، وفيه "


def test_it_names_a_beginning_that_is_not_in_the_file():
    with pytest.raises(ArticleNotFound, match="begins.*عنوان ثالث"):
        article_text(FILE, begins="عنوان ثالث")


def test_it_names_an_end_that_is_not_in_the_file():
    with pytest.raises(ArticleNotFound, match="ends.*خاتمة"):
        article_text(FILE, "عنوان الأول", "خاتمة")


def test_it_names_an_end_that_comes_only_before_the_beginning():
    with pytest.raises(ArticleNotFound, match="ends"):
        article_text(FILE, "عنوان الثاني", "نص الأول")


def test_it_reads_an_article_from_the_documents_folder(tmp_path):
    (tmp_path / "doc.txt").write_text(FILE, encoding="utf-8")
    assert read_article("doc.txt", ends="عنوان الثاني", seeds_dir=tmp_path) == "عنوان الأول\nنص الأول.\n"


def test_a_missing_bound_names_the_file(tmp_path):
    (tmp_path / "doc.txt").write_text(FILE, encoding="utf-8")
    with pytest.raises(ArticleNotFound, match="doc.txt"):
        read_article("doc.txt", begins="غائب", seeds_dir=tmp_path)


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "sub/doc.txt", "..", ""])
def test_it_refuses_a_file_name_that_leaves_the_documents_folder(tmp_path, name):
    with pytest.raises(ArticleNotFound, match="plain file name"):
        read_article(name, seeds_dir=tmp_path)


def test_it_reads_from_seeds_dir_by_default(settings, tmp_path):
    settings.SEEDS_DIR = Path(tmp_path)
    (tmp_path / "doc.txt").write_text(FILE, encoding="utf-8")
    assert read_article("doc.txt") == FILE
