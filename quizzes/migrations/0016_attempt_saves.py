from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0015_bin_tallies")]

    operations = [
        migrations.AddField(
            model_name="attemptquestion",
            name="saved_seq",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
