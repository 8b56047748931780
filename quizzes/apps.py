from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        post_migrate.connect(ensure_instructors_group, sender=self)
        from . import context_processors, signals
        from .lti import grades

        # Logging in (a password, signing up, a launch from the LMS) reads the menu's "teaches" afresh.
        user_logged_in.connect(context_processors.on_login, dispatch_uid="menu-teaches")

        signals.attempt_grade_changed.connect(grades.on_grade_changed, dispatch_uid="lti-grade")
        signals.study_progress_changed.connect(grades.on_study_progress, dispatch_uid="lti-study")


def ensure_instructors_group(sender, **kwargs):
    """The instructors group exists; it holds no model permissions, since the admin is for site
    staff and instructors act on their own sets through the app, which checks who may edit what."""
    from django.contrib.auth.models import Group

    from .models import INSTRUCTORS_GROUP

    Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
