# A migration of its own: PostgreSQL cannot alter a table whose rows the previous one updated
# in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_pendinganswer_question_set"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pendinganswer",
            name="question_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="quizzes.questionset"
            ),
        ),
        migrations.RemoveIndex(
            model_name="pendinganswer",
            name="open_pending_by_student",
        ),
        migrations.AddConstraint(
            model_name="pendinganswer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["study", "ahead"]), ("rated_at__isnull", True)),
                fields=("student", "question_set"),
                name="one_open_card_per_set",
            ),
        ),
    ]
