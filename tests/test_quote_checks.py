"""A quote must stand in its article wherever the article's text is attached: on import and on save."""

import pytest

from quizzes.bank import writing
from quizzes.bank.importing import ImportFailed, import_set, parse_bytes, stored_question
from quizzes.models import Question

pytestmark = pytest.mark.django_db
ARTICLE = (
    "تم إنشاء المنظمة في عام 2002 على أساس اتفاقية قديمة بشأن الأمن الجماعي. روسيا وكازاخستان أول عملية عسكرية ألماتي"
)


@pytest.fixture
def with_text(sample_set):
    sample_set.sources.update(text=ARTICLE)
    return sample_set


def test_an_import_with_a_quote_not_in_its_article_is_refused_where_it_stands(with_text, sample_yaml):
    broken = sample_yaml.replace("quote: تم إنشاء المنظمة في عام 2002", "quote: تم إنشاء المنظمة في عام 2003")
    before = Question.objects.get(key="founded").sources
    with pytest.raises(ImportFailed) as refused:
        import_set(parse_bytes(broken.encode(), "sample.yaml"))
    problem = refused.value.problems[0]
    assert problem.question == "founded" and problem.file == "sample.yaml"
    assert broken.splitlines()[problem.line - 1].strip().startswith("quote:")
    assert "2002" in problem.message  # the closest passage is offered
    assert Question.objects.get(key="founded").sources == before


def test_saving_a_question_checks_its_quote_against_the_article(with_text):
    raw = stored_question(Question.objects.get(key="founded"))
    raw["sources"][0]["quote"] = "أنشئت المنظمة في القاهرة"
    with pytest.raises(writing.InvalidQuestion) as refused:
        writing.save_question(with_text, raw, author=with_text.owner)
    assert refused.value.problems[0].path == ("sources", 0, "quote")


def test_a_quote_is_not_checked_against_an_article_without_text(sample_set, sample_yaml):
    changed = sample_yaml.replace("quote: تم إنشاء المنظمة في عام 2002", "quote: نص آخر")
    import_set(parse_bytes(changed.encode(), "sample.yaml"))
    assert Question.objects.get(key="founded").sources[0]["quote"] == "نص آخر"


def test_an_article_moved_to_other_bounds_loses_its_stale_text(with_text, sample_yaml):
    moved = sample_yaml.replace("file: 000_28bbfae33bae9d50.txt", "file: 000_28bbfae33bae9d50.txt\n    begins: روسيا")
    import_set(parse_bytes(moved.encode(), "sample.yaml"))
    assert with_text.sources.get().text == ""
