from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0007_review_override"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="text",
            field=models.TextField(blank=True),
        ),
    ]
