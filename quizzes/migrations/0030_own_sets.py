import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0028_reminders"),
    ]

    operations = [
        migrations.CreateModel(
            name="SetLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("uses", models.PositiveIntegerField(default=0)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="questionset",
            name="copied_from",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="copies",
                to="quizzes.questionset",
            ),
        ),
        migrations.AddField(
            model_name="questionset",
            name="personal",
            field=models.BooleanField(default=False, verbose_name="a student's own set"),
        ),
        migrations.AddConstraint(
            model_name="questionset",
            constraint=models.UniqueConstraint(
                condition=models.Q(("copied_from__isnull", False)),
                fields=("owner", "copied_from"),
                name="one_copy_per_student",
            ),
        ),
        migrations.AddField(
            model_name="setlink",
            name="question_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="links", to="quizzes.questionset"
            ),
        ),
    ]
