"""Each pending answer names its question's set, and a student keeps one open card per set."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_question_set(apps, schema_editor):
    PendingAnswer = apps.get_model("quizzes", "PendingAnswer")
    Question = apps.get_model("quizzes", "Question")
    PendingAnswer.objects.update(
        question_set_id=Subquery(Question.objects.filter(pk=OuterRef("question_id")).values("question_set_id")[:1])
    )
    # Before the constraint a reload could leave older open cards behind: keep the newest per set.
    seen = set()
    stale = []
    open_cards = PendingAnswer.objects.filter(rated_at__isnull=True, kind__in=["study", "ahead"]).order_by(
        "-shown_at", "-id"
    )
    for pk, student_id, set_id in open_cards.values_list("pk", "student_id", "question_set_id"):
        if (student_id, set_id) in seen:
            stale.append(pk)
        seen.add((student_id, set_id))
    PendingAnswer.objects.filter(pk__in=stale).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_open_pending_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendinganswer",
            name="question_set",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="quizzes.questionset"
            ),
        ),
        migrations.RunPython(fill_question_set, migrations.RunPython.noop),
    ]
