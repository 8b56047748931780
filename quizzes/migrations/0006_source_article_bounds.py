"""A source is an article: the text that begins and ends it inside its file."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0005_pendinganswer_card"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="begins",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="source",
            name="ends",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
