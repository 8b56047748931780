import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef


def fill(apps, schema_editor):
    """A stable id for every set; citing stays required of the sets built from documents (those
    with an article), as every set required it before."""
    QuestionSet = apps.get_model("quizzes", "QuestionSet")
    Source = apps.get_model("quizzes", "Source")
    for qset in QuestionSet.objects.only("pk"):
        QuestionSet.objects.filter(pk=qset.pk).update(uuid=uuid.uuid4())
    QuestionSet.objects.filter(Exists(Source.objects.filter(question_set=OuterRef("pk")))).update(
        requires_sources=True
    )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0017_day_tally_without_bin")]

    operations = [
        migrations.AddField(
            model_name="questionset",
            name="requires_sources",
            field=models.BooleanField(default=False, verbose_name="every question cites an article"),
        ),
        migrations.AddField(model_name="questionset", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="questionset",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="SetSlugAlias",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "question_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slug_aliases",
                        to="quizzes.questionset",
                    ),
                ),
            ],
        ),
    ]
