from django.apps import AppConfig
from django.db.models.signals import post_migrate


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        post_migrate.connect(ensure_instructors_group, sender=self)


# What the instructor role may do in the admin and in the app.
INSTRUCTOR_PERMISSIONS = {
    "questionset": ("add", "change", "view"),
    "question": ("add", "change", "view"),
    "source": ("add", "change", "view", "delete"),
    "tag": ("add", "view"),
    "klass": ("add", "change", "view"),
    "assignment": ("add", "change", "view", "delete"),
    "problemreport": ("change", "view"),
    "review": ("view",),
    "cardstate": ("view",),
}


def ensure_instructors_group(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .models import INSTRUCTORS_GROUP

    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in INSTRUCTOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(Permission.objects.filter(content_type__app_label="quizzes", codename__in=codenames))
