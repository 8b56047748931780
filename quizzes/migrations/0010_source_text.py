from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0009_instructors_lose_model_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="text",
            field=models.TextField(blank=True),
        ),
    ]
