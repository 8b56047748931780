import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_memberships(apps, schema_editor):
    """Each student of a class becomes a member since their first activity in it (their first review
    of a set assigned to the class, or first attempt at one of its quizzes), else since the class was
    made; never before the class existed."""
    Klass = apps.get_model("quizzes", "Klass")
    Membership = apps.get_model("quizzes", "Membership")
    Review = apps.get_model("quizzes", "Review")
    Attempt = apps.get_model("quizzes", "Attempt")
    through = Klass.students.through
    for klass in Klass.objects.all().iterator():
        student_ids = list(through.objects.filter(klass_id=klass.pk).values_list("user_id", flat=True))
        if not student_ids:
            continue
        set_ids = klass.assignments.values("question_set_id")
        first = {}
        reviews = (
            Review.objects.filter(student_id__in=student_ids, question__question_set_id__in=set_ids)
            .values("student_id")
            .annotate(first=models.Min("reviewed_at"))
            .order_by()
        )
        attempts = (
            Attempt.objects.filter(student_id__in=student_ids, quiz__classes=klass)
            .values("student_id")
            .annotate(first=models.Min("started_at"))
            .order_by()
        )
        for row in [*reviews, *attempts]:
            seen = first.get(row["student_id"])
            first[row["student_id"]] = row["first"] if seen is None else min(seen, row["first"])
        Membership.objects.bulk_create(
            Membership(
                klass_id=klass.pk, student_id=pk, joined_at=max(klass.created_at, first.get(pk, klass.created_at))
            )
            for pk in student_ids
        )


def fill_students(apps, schema_editor):
    # Back to the plain table: removed students are left out, as they were no longer members.
    Membership = apps.get_model("quizzes", "Membership")
    Klass = apps.get_model("quizzes", "Klass")
    Klass.students.through.objects.bulk_create(
        Klass.students.through(klass_id=m.klass_id, user_id=m.student_id)
        for m in Membership.objects.filter(removed_at__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0023_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="override_accepted",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="review",
            name="override_reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="InstructorInvitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="email or note")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="invitations_made",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("joined_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("removed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "klass",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="quizzes.klass"
                    ),
                ),
                (
                    "student",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        # Django cannot give an existing many-to-many field a `through` model: the members are
        # copied into Membership, then the field is made again over it.
        migrations.RunPython(fill_memberships, fill_students),
        migrations.RemoveField(model_name="klass", name="students"),
        migrations.AddField(
            model_name="klass",
            name="students",
            field=models.ManyToManyField(
                blank=True, related_name="classes", through="quizzes.Membership", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["student", "klass"], name="membership_student_klass"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(fields=("klass", "student"), name="one_membership_per_class"),
        ),
    ]
