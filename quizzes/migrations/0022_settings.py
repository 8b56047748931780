from django.db import migrations, models


def mark_chosen(apps, schema_editor):
    # A zone other than the default was chosen by its person; the browser must not replace it.
    apps.get_model("quizzes", "User").objects.exclude(time_zone="UTC").update(time_zone_chosen=True)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0019_question_positions")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone_chosen",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_chosen, migrations.RunPython.noop),
    ]
