from django.db import migrations


def number_questions(apps, schema_editor):
    """Numbers each set's questions 0, 1, 2… in the order the editor and study show them (live
    ones by position then id, retired ones after), so questions written in the editor, which all
    had position 0, stop showing as moved when an author re-imports their export."""
    Question = apps.get_model("quizzes", "Question")
    changed = []
    set_ids = Question.objects.values_list("question_set_id", flat=True).distinct().order_by()
    for set_id in set_ids:
        rows = Question.objects.filter(question_set_id=set_id).only("pk", "position", "retired_at")
        ordered = sorted(rows, key=lambda q: (q.retired_at is not None, q.position, q.pk))
        for position, question in enumerate(ordered):
            if question.position != position:
                question.position = position
                changed.append(question)
    Question.objects.bulk_update(changed, ["position"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0018_set_citing_and_ids")]

    operations = [migrations.RunPython(number_questions, migrations.RunPython.noop)]
