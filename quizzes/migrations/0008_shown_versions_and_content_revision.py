import hashlib
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_hash(content):
    # As quizzes.models.content_hash was when this migration was written.
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def backfill_versions(apps, schema_editor):
    """Each version takes its question's explanation and sources (all that is known of them),
    and its hash is renewed over everything shown, so an unchanged question records no new version."""
    QuestionVersion = apps.get_model("quizzes", "QuestionVersion")
    for version in QuestionVersion.objects.select_related("question").iterator():
        question = version.question
        version.explanation = question.explanation
        version.sources = question.sources
        version.content_hash = content_hash(
            {
                "type": version.type,
                "prompt": version.prompt,
                "data": version.data,
                "explanation": version.explanation,
                "sources": version.sources,
            }
        )
        version.save(update_fields=["explanation", "sources", "content_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0007_review_override'),
    ]

    operations = [
        migrations.AddField(
            model_name='questionset',
            name='content_revision',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='questionset',
            name='editors',
            field=models.ManyToManyField(blank=True, related_name='shared_sets', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='questionversion',
            name='author',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='questionversion',
            name='explanation',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='questionversion',
            name='sources',
            field=models.JSONField(default=list),
        ),
        migrations.AlterField(
            model_name='review',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='quizzes.question'),
        ),
        migrations.RunPython(backfill_versions, migrations.RunPython.noop),
    ]
