"""Each pending answer points to the student's card for its question, when there is one."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_card(apps, schema_editor):
    PendingAnswer = apps.get_model("quizzes", "PendingAnswer")
    CardState = apps.get_model("quizzes", "CardState")
    cards = CardState.objects.filter(student_id=OuterRef("student_id"), question_id=OuterRef("question_id"))
    PendingAnswer.objects.filter(checked_at__isnull=True).update(card_id=Subquery(cards.values("id")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_one_open_card_per_set"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendinganswer",
            name="card",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="quizzes.cardstate",
            ),
        ),
        migrations.RunPython(fill_card, migrations.RunPython.noop),
    ]
