from django.db import migrations, models

# Every day tally is one row per day (bin -2) since 0015; any other row left would clash with the
# new constraint, so it is folded into its day first.
COLLAPSE = [
    """
INSERT INTO quizzes_daytally (student_id, question_set_id, day, bin, reviews, recalled, predicted_sum,
    in_review, in_review_recalled, mature, mature_recalled)
SELECT student_id, question_set_id, day, -2, SUM(reviews), SUM(recalled), SUM(predicted_sum),
    SUM(in_review), SUM(in_review_recalled), SUM(mature), SUM(mature_recalled)
FROM quizzes_daytally WHERE bin <> -2 GROUP BY student_id, question_set_id, day
ON CONFLICT (student_id, question_set_id, day, bin) DO UPDATE SET
    reviews = quizzes_daytally.reviews + excluded.reviews,
    recalled = quizzes_daytally.recalled + excluded.recalled,
    predicted_sum = quizzes_daytally.predicted_sum + excluded.predicted_sum,
    in_review = quizzes_daytally.in_review + excluded.in_review,
    in_review_recalled = quizzes_daytally.in_review_recalled + excluded.in_review_recalled,
    mature = quizzes_daytally.mature + excluded.mature,
    mature_recalled = quizzes_daytally.mature_recalled + excluded.mature_recalled
""",
    "DELETE FROM quizzes_daytally WHERE bin <> -2",
]


class Migration(migrations.Migration):
    """Day tallies drop their `bin` column, always -2 since calibration reads the bin tallies:
    one row per student, set and day, which the tallies' upsert names as its conflict target."""

    dependencies = [
        ("quizzes", "0016_attempt_saves"),
    ]

    operations = [
        migrations.RunSQL(COLLAPSE, migrations.RunSQL.noop),
        migrations.RemoveConstraint(
            model_name="daytally",
            name="one_tally_per_day_bin",
        ),
        migrations.RemoveField(
            model_name="daytally",
            name="bin",
        ),
        migrations.AddConstraint(
            model_name="daytally",
            constraint=models.UniqueConstraint(fields=("student", "question_set", "day"), name="one_tally_per_day"),
        ),
    ]
