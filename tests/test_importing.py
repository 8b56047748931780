import threading
import time
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import translation

from quizzes.bank.importing import ImportFailed, export_set, import_set, parse_bytes, plan_import
from quizzes.models import PendingAnswer, Question, QuestionSet, QuestionVersion, Tag
from quizzes.study import cards

pytestmark = pytest.mark.django_db


def problems_of(text, name="set.yaml"):
    # Messages are translated; these tests read the English ones.
    with translation.override("en"), pytest.raises(ImportFailed) as info:
        parse_bytes(text.encode() if isinstance(text, str) else text, name)
    return info.value.problems


def one_problem(text):
    problems = problems_of(text)
    assert len(problems) >= 1
    return problems[0]


def replace(sample, old, new):
    assert old in sample, old
    return sample.replace(old, new, 1)


def test_it_imports_a_set_with_every_type(sample_yaml, instructor):
    result = import_set(parse_bytes(sample_yaml.encode(), "s.yaml"), owner=instructor)
    assert len(result.created) == 9
    qset = QuestionSet.objects.get(slug="sample")
    assert qset.owner == instructor
    assert qset.is_public
    assert sorted(Question.objects.values_list("type", flat=True)) == sorted(
        ["number", "single", "multiple", "true_false", "short", "order", "match", "cloze", "flashcard"]
    )
    assert QuestionVersion.objects.count() == 9
    assert set(Tag.objects.values_list("name", flat=True)) == {"تأسيس", "أزمة كازاخستان", "أعضاء"}


def test_it_reports_a_yaml_syntax_error_with_its_line(sample_yaml):
    broken = replace(sample_yaml, "    answer: 2002\n", "    answer: [2002\n")
    problem = one_problem(broken)
    assert problem.file == "set.yaml"
    assert "YAML syntax error" in problem.message
    assert problem.line >= 14


def test_it_names_an_unknown_key_with_line_and_question(sample_yaml):
    problem = one_problem(replace(sample_yaml, "    answer: 2002\n", "    answer: 2002\n    colour: red\n"))
    assert problem.question == "founded"
    assert "colour" in problem.message
    assert (problem.line, problem.column) == (15, 5)


def test_it_refuses_an_unknown_top_level_key(sample_yaml):
    problem = one_problem("autor: x\n" + sample_yaml)
    assert "autor" in problem.message and problem.line == 1


def test_it_refuses_a_wrong_type(sample_yaml):
    problem = one_problem(replace(sample_yaml, "    answer: 2002", "    answer: two thousand"))
    assert problem.question == "founded"
    assert "number" in problem.message


def test_it_refuses_a_true_false_answer_written_as_text(sample_yaml):
    problem = one_problem(replace(sample_yaml, "    answer: true", "    answer: yes please"))
    assert problem.question == "first-operation"


def test_it_refuses_an_unknown_question_type(sample_yaml):
    problem = one_problem(replace(sample_yaml, "type: number", "type: poem"))
    assert "poem" in problem.message and problem.question == "founded"


def test_it_refuses_a_question_without_answers(sample_yaml):
    text = replace(sample_yaml, "    answers:\n      - text: توكايف\n        variants: [توكاييف]\n", "")
    problem = one_problem(text)
    assert problem.question == "president" and "answers" in problem.message


def test_it_refuses_a_correct_option_that_does_not_exist(sample_yaml):
    problem = one_problem(replace(sample_yaml, "    answer: a\n", "    answer: z\n"))
    assert problem.question == "capital" and "“z”" in problem.message


def test_it_refuses_a_multiple_answer_naming_a_missing_option(sample_yaml):
    problem = one_problem(replace(sample_yaml, "answer: [ru, am]", "answer: [ru, xx]"))
    assert problem.question == "members" and "xx" in problem.message


def test_it_refuses_duplicate_ids(sample_yaml):
    problem = one_problem(replace(sample_yaml, "id: capital", "id: founded"))
    assert "Duplicate id" in problem.message and problem.question == "founded"


def test_it_refuses_a_source_that_names_no_document(sample_yaml):
    problem = one_problem(
        replace(sample_yaml, "      - doc: doc0\n        quote: ألماتي", "      - doc: doc9\n        quote: ألماتي")
    )
    assert problem.question == "capital" and "doc9" in problem.message


def test_it_refuses_an_empty_prompt(sample_yaml):
    problem = one_problem(replace(sample_yaml, "prompt: في أي عام أنشئت المنظمة؟", 'prompt: "  "'))
    assert problem.question == "founded" and "prompt" in problem.message


def test_it_refuses_a_quote_over_thirty_words(sample_yaml):
    long_quote = " ".join(["كلمة"] * 31)
    problem = one_problem(replace(sample_yaml, "quote: تم إنشاء المنظمة في عام 2002", f"quote: {long_quote}"))
    assert "31" in problem.message


def test_it_refuses_an_order_question_with_too_few_items(sample_yaml):
    text = replace(sample_yaml, "      - {key: kz, text: التدخل في كازاخستان}\n", "")
    problem = one_problem(text)
    assert problem.question == "timeline"


def test_it_refuses_a_cloze_gap_missing_from_the_text(sample_yaml):
    problem = one_problem(replace(sample_yaml, "في [[city]].", "في مكان ما."))
    assert problem.question == "criterion" and "city" in problem.message


def test_it_refuses_a_file_that_is_not_utf8(sample_yaml):
    data = sample_yaml.encode("utf-8").replace("مجموعة".encode(), "مجموعة".encode("cp1256"))
    problem = problems_of(data)[0]
    assert "UTF-8" in problem.message and problem.line == 2


def test_it_refuses_a_file_over_two_megabytes(sample_yaml):
    data = sample_yaml.encode() + b"#" * (2 * 1024 * 1024)
    problem = problems_of(data)[0]
    assert "2 MB" in problem.message


def test_it_refuses_anchors_and_aliases(sample_yaml):
    problem = one_problem(replace(sample_yaml, "tags: [تأسيس]", "tags: &t [تأسيس]"))
    assert "Anchors" in problem.message


def test_it_refuses_a_billion_laughs_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    start = time.perf_counter()
    problem = one_problem("\n".join(lines))
    assert "Anchors" in problem.message
    assert time.perf_counter() - start < 1.0


def test_it_refuses_a_key_given_twice_in_one_mapping(sample_yaml):
    problem = one_problem(replace(sample_yaml, "    answer: 2002\n", "    answer: 2002\n    answer: 2003\n"))
    assert "twice" in problem.message


def test_it_lists_every_problem_in_file_order(sample_yaml):
    text = replace(sample_yaml, "type: number", "type: essay")
    text = replace(text, "    answer: a\n", "    answer: z\n")
    problems = problems_of(text)
    assert [p.question for p in problems] == ["founded", "capital"]
    assert str(problems[0]).startswith("set.yaml:")


def test_an_import_with_an_error_changes_nothing(sample_set, sample_yaml):
    before = list(Question.objects.values_list("key", "prompt"))
    broken = replace(sample_yaml, "في أي عام أنشئت المنظمة؟", "سؤال جديد؟")
    broken = replace(broken, "    answer: a\n", "    answer: z\n")
    with pytest.raises(ImportFailed):
        import_set(parse_bytes(broken.encode()))
    assert list(Question.objects.values_list("key", "prompt")) == before


def test_reimport_updates_by_id_adds_new_and_retires_missing(sample_set, sample_yaml):
    founded = Question.objects.get(key="founded")
    changed = replace(sample_yaml, "في أي عام أنشئت المنظمة؟", "متى أنشئت المنظمة؟")
    changed = replace(changed, "  - id: medvedev", "  - id: medvedev-2010")
    result = import_set(parse_bytes(changed.encode()))
    assert result.updated == ["founded"]
    assert result.created == ["medvedev-2010"]
    assert result.retired == ["medvedev"]
    assert Question.objects.get(key="founded").pk == founded.pk
    retired = Question.objects.get(key="medvedev")
    assert retired.retired_at is not None


def test_a_retired_question_returns_when_the_file_brings_it_back(sample_set, sample_yaml):
    without = sample_yaml.split("  - id: medvedev")[0]
    import_set(parse_bytes(without.encode()))
    assert Question.objects.get(key="medvedev").retired_at is not None
    import_set(parse_bytes(sample_yaml.encode()))
    assert Question.objects.get(key="medvedev").retired_at is None


def test_a_new_version_is_kept_when_anything_shown_changes(sample_set, sample_yaml):
    question = Question.objects.get(key="founded")
    first = question.current_version
    import_set(parse_bytes(replace(sample_yaml, "tags: [تأسيس]", "tags: [تأسيس, جديد]").encode()))
    question.refresh_from_db()
    assert question.current_version == first  # tags are not shown on the card
    explained = replace(sample_yaml, "explanation: أنشئت عام 2002.", "explanation: شرح آخر.")
    import_set(parse_bytes(explained.encode()))
    question.refresh_from_db()
    assert question.current_version.number == 2 and question.current_version.explanation == "شرح آخر."
    cited = replace(explained, "quote: تم إنشاء المنظمة في عام 2002", "quote: في عام 2002")
    import_set(parse_bytes(cited.encode()))
    question.refresh_from_db()
    assert question.current_version.sources == [{"doc": "doc0", "quote": "في عام 2002"}]
    import_set(parse_bytes(replace(cited, "    answer: 2002", "    answer: 1992").encode()))
    question.refresh_from_db()
    assert question.current_version.number == 4
    assert question.versions.get(number=1).data == {"answer": 2002}
    assert question.versions.get(number=1).explanation == "أنشئت عام 2002."


def test_question_versions_are_immutable(sample_set):
    version = Question.objects.get(key="founded").current_version
    version.prompt = "changed"
    with pytest.raises(ValueError):
        version.save()


def test_export_then_import_then_export_is_byte_identical(sample_set):
    first = export_set(sample_set)
    QuestionSet.objects.all().delete()
    import_set(parse_bytes(first.encode()))
    second = export_set(QuestionSet.objects.get(slug="sample"))
    assert first == second
    assert "ألماتي" in first  # Arabic stays readable, not escaped


def test_load_questions_skips_an_unchanged_file_when_asked(tmp_path, sample_yaml):
    path = tmp_path / "sample.yaml"
    path.write_text(sample_yaml, encoding="utf-8")
    call_command("load_questions", str(path))
    Question.objects.filter(key="founded").update(prompt="edited in the browser")
    call_command("load_questions", "--if-changed", str(path))
    assert Question.objects.get(key="founded").prompt == "edited in the browser"
    path.write_text(sample_yaml.replace("مجموعة تجريبية", "مجموعة معدلة"), encoding="utf-8")
    call_command("load_questions", "--if-changed", str(path))
    assert Question.objects.get(key="founded").prompt == "في أي عام أنشئت المنظمة؟"


def test_load_questions_sets_the_owner(tmp_path, sample_yaml, instructor):
    path = tmp_path / "sample.yaml"
    path.write_text(sample_yaml, encoding="utf-8")
    call_command("load_questions", "--owner", instructor.username, str(path))
    assert QuestionSet.objects.get(slug="sample").owner == instructor


def test_load_questions_fails_with_the_problems_on_stderr(tmp_path, sample_yaml, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(sample_yaml.replace("type: number", "type: essay"), encoding="utf-8")
    with pytest.raises(Exception, match="1 file"):
        call_command("load_questions", str(path))
    assert f"{path}:" in capsys.readouterr().err
    assert not QuestionSet.objects.exists()


def test_export_questions_writes_the_file(tmp_path, sample_set):
    out = tmp_path / "out.yaml"
    call_command("export_questions", "sample", "-o", str(out))
    assert out.read_text(encoding="utf-8") == export_set(sample_set)


ARTICLE_BOUNDS = "    file: 000_28bbfae33bae9d50.txt\n"


def test_a_source_keeps_where_its_article_begins_and_ends(sample_yaml):
    text = replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + "    begins: لماذا سارعت\n    ends: موسكو تلعب\n")
    import_set(parse_bytes(text.encode()))
    source = QuestionSet.objects.get(slug="sample").sources.get()
    assert (source.begins, source.ends) == ("لماذا سارعت", "موسكو تلعب")


def test_an_article_source_round_trips_byte_for_byte(sample_yaml):
    text = replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + "    begins: لماذا سارعت\n    ends: موسكو تلعب\n")
    import_set(parse_bytes(text.encode()))
    first = export_set(QuestionSet.objects.get(slug="sample"))
    assert "begins: لماذا سارعت\n  ends: موسكو تلعب\n" in first
    import_set(parse_bytes(first.encode()))
    assert export_set(QuestionSet.objects.get(slug="sample")) == first


def test_it_refuses_article_bounds_that_are_not_text(sample_yaml):
    problem = one_problem(replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + "    begins: [a, b]\n"))
    assert "begins" in problem.message and (problem.line, problem.column) == (10, 5)


def test_it_refuses_empty_article_bounds(sample_yaml):
    problem = one_problem(replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + '    ends: "  "\n'))
    assert "ends" in problem.message


def test_it_refuses_article_bounds_longer_than_their_column(sample_yaml):
    problem = one_problem(replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + f"    ends: {'ا' * 301}\n"))
    assert "ends" in problem.message and "301" in problem.message and "300" in problem.message


def test_it_refuses_a_source_title_longer_than_its_column(sample_yaml):
    problem = one_problem(replace(sample_yaml, "title: وثيقة تجريبية", f"title: {'ب' * 301}"))
    assert "title" in problem.message and "300" in problem.message


# Files that used to crash the importer: each is refused with its line, and nothing is written.


def refused_and_nothing_written(text, name="bad.yaml"):
    before = list(QuestionSet.objects.values_list("slug", "title", "source_hash"))
    questions = list(Question.objects.values_list("key", "prompt", "data"))
    with translation.override("en"), pytest.raises(ImportFailed) as info:
        import_set(parse_bytes(text.encode() if isinstance(text, str) else text, name))
    assert list(QuestionSet.objects.values_list("slug", "title", "source_hash")) == before
    assert list(Question.objects.values_list("key", "prompt", "data")) == questions
    problem = info.value.problems[0]
    assert problem.file == name
    return problem


def test_an_unquoted_date_imports_as_the_text_it_reads(sample_yaml):
    text = replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + "    date: 2022-01-07\n")
    import_set(parse_bytes(text.encode()))
    assert QuestionSet.objects.get(slug="sample").sources.get().date == "2022-01-07"


def test_the_readme_example_of_a_set_imports_with_its_unquoted_date(sample_yaml):
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "fixtures" / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("questions:", 1)[0]
    assert "date: 2022-01-07" in example
    questions = "questions:" + sample_yaml.split("questions:", 1)[1]
    import_set(parse_bytes((example + questions).encode(), "README.md"))
    assert QuestionSet.objects.get(slug="csto").sources.get().date == "2022-01-07"


def test_a_source_date_longer_than_its_column_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(
        replace(sample_yaml, ARTICLE_BOUNDS, ARTICLE_BOUNDS + f"    date: {'7 يناير ' * 5}\n")
    )
    assert "date" in problem.message and "32" in problem.message and problem.line == 10


def test_a_set_title_longer_than_its_column_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "title: مجموعة تجريبية", f"title: {'م' * 201}"))
    assert "title" in problem.message and "201" in problem.message and "200" in problem.message
    assert problem.line == 2


def test_a_source_title_longer_than_its_column_writes_nothing(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "title: وثيقة تجريبية", f"title: {'ب' * 301}"))
    assert "300" in problem.message and problem.line == 8


def test_a_nul_byte_in_text_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "explanation: أنشئت عام 2002.", 'explanation: "a\\0b"'))
    assert "NUL" in problem.message and problem.question == "founded" and problem.line == 15


def test_a_nul_byte_in_the_set_title_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "title: مجموعة تجريبية", 'title: "x\\0"'))
    assert "NUL" in problem.message and problem.line == 2


def test_an_integer_of_thousands_of_digits_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "    answer: 2002", f"    answer: {'9' * 5000}"))
    assert "too large" in problem.message and problem.line == 14


def test_a_number_too_large_to_keep_exactly_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(replace(sample_yaml, "    answer: 2002", f"    answer: {'9' * 40}"))
    assert "too large" in problem.message and problem.question == "founded"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_a_number_that_is_not_finite_is_refused_as_an_answer(sample_set, sample_yaml, value):
    problem = refused_and_nothing_written(replace(sample_yaml, "    answer: 2002", f"    answer: {value}"))
    assert "finite" in problem.message and problem.question == "founded" and problem.line == 14


def test_an_infinite_tolerance_is_refused(sample_set, sample_yaml):
    problem = refused_and_nothing_written(
        replace(sample_yaml, "    answer: 2002", "    answer: 2002\n    tolerance: .inf")
    )
    assert "finite" in problem.message and problem.line == 15


def test_deep_nesting_is_refused_quickly_before_any_node_is_built():
    text = "slug: deep\nx: " + "[" * 50_000 + "]" * 50_000 + "\n"
    start = time.perf_counter()
    problem = refused_and_nothing_written(text)
    assert "nested" in problem.message and problem.line == 2
    assert time.perf_counter() - start < 2.0


def test_deep_block_nesting_is_refused():
    text = "slug: deep\nx:\n" + "".join("  " * i + "- \n" for i in range(40))
    problem = refused_and_nothing_written(text)
    assert "nested" in problem.message


def test_a_real_set_is_well_within_the_nesting_bound(sample_yaml):
    assert parse_bytes(sample_yaml.encode()).questions


# Who may import into a set.


def test_an_import_by_someone_who_may_not_edit_the_set_is_refused(sample_set, sample_yaml, make_user):
    other = make_user("other", instructor=True)
    changed = replace(sample_yaml, "في أي عام أنشئت المنظمة؟", "سؤال آخر؟")
    with translation.override("en"), pytest.raises(ImportFailed) as info:
        import_set(parse_bytes(changed.encode(), "up.yaml"), owner=other, editor=other)
    problem = info.value.problems[0]
    assert "may not edit" in problem.message and "sample" in problem.message
    assert (problem.file, problem.line) == ("up.yaml", 1)
    sample_set.refresh_from_db()
    assert sample_set.owner.username == "teacher"
    assert Question.objects.get(key="founded").prompt == "في أي عام أنشئت المنظمة؟"


def test_an_instructor_the_set_is_shared_with_may_import_into_it(sample_set, sample_yaml, make_user, instructor):
    other = make_user("other", instructor=True)
    sample_set.editors.add(other)
    changed = replace(sample_yaml, "في أي عام أنشئت المنظمة؟", "سؤال آخر؟")
    result = import_set(parse_bytes(changed.encode()), owner=other, editor=other)
    assert result.updated == ["founded"]
    sample_set.refresh_from_db()
    assert sample_set.owner == instructor
    assert Question.objects.get(key="founded").current_version.author == other


def test_the_owner_reimports_their_set(sample_set, sample_yaml, instructor):
    result = import_set(parse_bytes(sample_yaml.encode()), editor=instructor)
    assert len(result.unchanged) == 9


def test_an_editor_creates_a_new_set_they_then_own(sample_yaml, instructor):
    import_set(parse_bytes(sample_yaml.encode()), editor=instructor)
    assert QuestionSet.objects.get(slug="sample").owner == instructor


def test_load_questions_without_owner_keeps_the_sets_owner(tmp_path, sample_set, sample_yaml, instructor):
    path = tmp_path / "sample.yaml"
    path.write_text(sample_yaml.replace("مجموعة تجريبية", "عنوان معدل"), encoding="utf-8")
    call_command("load_questions", str(path))
    sample_set.refresh_from_db()
    assert sample_set.owner == instructor and sample_set.title == "عنوان معدل"


def test_load_questions_refuses_to_take_over_another_instructors_set(
    tmp_path, sample_set, sample_yaml, instructor, make_user, capsys
):
    make_user("other", instructor=True)
    path = tmp_path / "sample.yaml"
    path.write_text(sample_yaml.replace("مجموعة تجريبية", "عنوان معدل"), encoding="utf-8")
    with translation.override("en"), pytest.raises(Exception, match="1 file"):
        call_command("load_questions", "--owner", "other", str(path))
    assert "sample" in capsys.readouterr().err
    sample_set.refresh_from_db()
    assert sample_set.owner == instructor and sample_set.title == "مجموعة تجريبية"


def test_load_questions_gives_an_ownerless_set_its_owner(tmp_path, sample_yaml, instructor):
    path = tmp_path / "sample.yaml"
    path.write_text(sample_yaml, encoding="utf-8")
    call_command("load_questions", str(path))
    assert QuestionSet.objects.get(slug="sample").owner is None
    call_command("load_questions", "--owner", instructor.username, str(path))
    assert QuestionSet.objects.get(slug="sample").owner == instructor


# What an import would change, before anything is written.


def citing(sample_yaml):
    """The sample file as the sample set is: citing its document (`cite: true`)."""
    return sample_yaml.replace("public: true\n", "public: true\ncite: true\n", 1)


def test_a_plan_lists_added_changed_retired_and_unchanged_without_writing(sample_set, sample_yaml):
    changed = replace(citing(sample_yaml), "في أي عام أنشئت المنظمة؟", "متى أنشئت المنظمة؟")
    changed = replace(changed, "    answer: 2002", "    answer: 1992")
    changed = replace(changed, "  - id: medvedev", "  - id: medvedev-2010")
    changed = replace(changed, "title: مجموعة تجريبية", "title: عنوان جديد")
    versions = QuestionVersion.objects.count()
    plan = plan_import(parse_bytes(changed.encode()), sample_set)
    assert plan.added == ["medvedev-2010"]
    assert plan.retired == ["medvedev"]
    assert plan.changed == {
        "founded": {"prompt": ("في أي عام أنشئت المنظمة؟", "متى أنشئت المنظمة؟"), "answer": (2002, 1992)}
    }
    assert len(plan.unchanged) == 7 and "founded" not in plan.unchanged
    assert plan.set_fields == {"title": ("مجموعة تجريبية", "عنوان جديد")}
    assert plan.has_changes
    assert QuestionVersion.objects.count() == versions
    assert Question.objects.get(key="founded").prompt == "في أي عام أنشئت المنظمة؟"
    assert not Question.objects.filter(key="medvedev-2010").exists()


def test_a_plan_of_an_unchanged_file_has_no_changes(sample_set, sample_yaml):
    plan = plan_import(parse_bytes(citing(sample_yaml).encode()), sample_set)
    assert not plan.has_changes and len(plan.unchanged) == 9


def test_a_plan_says_a_file_without_cite_stops_the_set_asking_for_sources(sample_set, sample_yaml):
    plan = plan_import(parse_bytes(sample_yaml.encode()), sample_set)
    assert plan.set_fields == {"cite": (True, False)}


def test_a_plan_for_a_new_set_adds_everything(sample_yaml):
    plan = plan_import(parse_bytes(sample_yaml.encode()), None)
    assert plan.new_set and len(plan.added) == 9 and plan.sources_added == ["doc0"]


def test_a_plan_lists_a_retired_question_the_file_brings_back(sample_set, sample_yaml):
    import_set(parse_bytes(sample_yaml.split("  - id: medvedev")[0].encode()))
    plan = plan_import(parse_bytes(sample_yaml.encode()), sample_set)
    assert plan.restored == ["medvedev"] and "medvedev" not in plan.unchanged


def test_a_plan_agrees_with_the_import_that_follows(sample_set, sample_yaml):
    changed = replace(sample_yaml, "    answer: 2002", "    answer: 1992")
    changed = replace(changed, "  - id: medvedev", "  - id: medvedev-2010")
    parsed = parse_bytes(changed.encode())
    plan = plan_import(parsed, sample_set)
    result = import_set(parsed)
    assert (plan.added, list(plan.changed), plan.retired) == (result.created, result.updated, result.retired)
    assert plan.unchanged == result.unchanged


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there")
def test_a_card_can_be_shown_while_an_import_holds_its_set(student, sample_set, sample_yaml):
    """Showing a card inserts a row whose foreign key takes KEY SHARE on the set: the import's
    FOR NO KEY UPDATE must not make it wait (FOR UPDATE did, for the whole import)."""
    question = sample_set.questions.get(key="founded")
    changed = parse_bytes(replace(sample_yaml, "في أي عام أنشئت المنظمة؟", "متى أنشئت المنظمة؟").encode())
    locked, finish = threading.Event(), threading.Event()

    def import_and_hold():
        try:
            with transaction.atomic():
                import_set(changed)
                locked.set()
                finish.wait(15)
        finally:
            connections.close_all()

    importer = threading.Thread(target=import_and_hold)
    importer.start()
    try:
        assert locked.wait(15)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            shown = cards.show_again(student, question.pk, datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    finally:
        finish.set()
        importer.join(15)
    assert PendingAnswer.objects.filter(pk=shown.pk).exists()
    assert Question.objects.get(pk=question.pk).prompt == "متى أنشئت المنظمة؟"


def test_a_card_open_at_import_time_is_graded_on_the_version_it_was_shown(sample_set, sample_yaml, student):
    from quizzes import scheduling
    from quizzes.bank.writing import shown_version_is_current
    from quizzes.models import Review
    from quizzes.study import answering

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    shown = cards.show_again(student, sample_set.questions.get(key="founded").pk, now)
    import_set(parse_bytes(replace(sample_yaml, "    answer: 2002", "    answer: 1992").encode()))
    qset = QuestionSet.objects.get(pk=sample_set.pk)
    assert not shown_version_is_current(qset, shown)
    checked = answering.check(student, qset, shown.token, {"response": ["2002"]}, now)
    assert checked.score == 1.0
    answering.rate(student, qset, shown.token, scheduling.GOOD, now)
    assert Review.objects.get().version.data == {"answer": 2002}
    assert Question.objects.get(key="founded").current_version.data == {"answer": 1992}


def test_a_refused_upload_creates_no_tags(sample_set, sample_yaml, make_user):
    other = make_user("other", instructor=True)
    tags = Tag.objects.count()
    with pytest.raises(ImportFailed):
        import_set(parse_bytes(replace(sample_yaml, "tags: [تأسيس]", "tags: [وسم جديد]").encode()), editor=other)
    assert Tag.objects.count() == tags


def test_a_new_slug_taken_by_another_import_a_moment_before_is_refused_not_a_server_error(sample_yaml, monkeypatch):
    from quizzes.bank import importing
    from quizzes.models import QuestionSet

    parsed = importing.parse_bytes(sample_yaml.encode(), "sample.yaml")
    real_filter = QuestionSet.objects.select_for_update

    def racing_lookup(*args, **kwargs):
        # The other import commits its new set between this import's look-up and its insert.
        QuestionSet.objects.get_or_create(slug=parsed.slug, defaults={"title": "first"})
        return real_filter(*args, **kwargs).none()

    monkeypatch.setattr(QuestionSet.objects, "select_for_update", racing_lookup)
    with pytest.raises(importing.ImportFailed) as refused:
        importing.import_set(parsed)
    assert "a moment ago" in str(refused.value) or "لحظة" in str(refused.value)
    # (The other import's row lives in this test's transaction here, so it is rolled back too.)
    assert not QuestionSet.objects.filter(slug=parsed.slug, title=parsed.title).exists()


# Refusals that once answered a server error


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    "old, new",
    [
        ("title: مجموعة تجريبية\n", "title: مجموعة تجريبية\n<<: {description: نص}\n"),
        ("  - id: founded\n", "  - id: founded\n    <<: {tags: [دمج]}\n"),
    ],
    ids=["in the set", "in a question"],
)
def test_it_refuses_a_merge_key_with_its_line(sample_yaml, old, new):
    text = replace(sample_yaml, old, new)
    problem = one_problem(text)
    assert "<<" in problem.message
    assert (problem.file, problem.line) == ("set.yaml", line_of(text, "<<:"))


@pytest.mark.parametrize("given", ["", "id: 5\n    ", "id: [doc0]\n    ", "id: null\n    "])
def test_it_refuses_a_set_source_without_a_text_id_with_its_line(sample_yaml, given):
    text = replace(sample_yaml, "  - id: doc0\n    title", f"  - {given}title")
    problems = problems_of(text)
    first = problems[0]
    assert first.message == "A source needs “id” as non-empty text."
    assert first.line == line_of(text, "  - " + (given or "title"))
    # The questions citing doc0 are told it names no source, with their own lines.
    assert {p.question for p in problems[1:]} >= {"founded", "capital"}


def test_it_refuses_an_unknown_tag_with_its_line(sample_yaml):
    text = replace(sample_yaml, "title: مجموعة تجريبية", "title: !foo مجموعة")
    problem = one_problem(text)
    assert "!foo" in problem.message and problem.line == line_of(text, "!foo")


def test_a_question_retired_by_an_import_goes_through_the_write_path(sample_set, sample_yaml, monkeypatch):
    from quizzes.bank import sets, writing

    through = []
    real = writing._set_retired

    def spy(question, retired_at, now):
        through.append(question.key)
        return real(question, retired_at, now)

    monkeypatch.setattr(writing, "_set_retired", spy)
    medvedev = Question.objects.get(key="medvedev")
    assert medvedev.pk in sets.study_order(sample_set)
    result = import_set(parse_bytes(replace(sample_yaml, "  - id: medvedev", "  - id: medvedev-2010").encode()))
    assert result.retired == ["medvedev"] and through == ["medvedev"]
    # What the write path records: the moment, and no new version (students saw nothing new).
    medvedev.refresh_from_db()
    assert medvedev.retired_at is not None and medvedev.updated_at == medvedev.retired_at
    assert medvedev.versions.count() == 1
    assert medvedev.pk not in sets.study_order(QuestionSet.objects.get(pk=sample_set.pk))
    # Imported again unchanged, nothing is retired twice.
    through.clear()
    import_set(parse_bytes(replace(sample_yaml, "  - id: medvedev", "  - id: medvedev-2010").encode()))
    assert through == []
