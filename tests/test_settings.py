import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_ENV", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="quiz.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="quiz.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_commands_run_without_a_secret_key_outside_production():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr


def test_dates_are_shown_in_the_persons_own_time_zone(rf, django_user_model):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.utils import timezone

    from quizzes.middleware import UserLanguageMiddleware

    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = UserLanguageMiddleware(view)
    request = rf.get("/")
    request.user = django_user_model(username="riyadh", time_zone="Asia/Riyadh", language="ar")
    middleware(request)
    anonymous = rf.get("/")
    anonymous.user = AnonymousUser()
    middleware(anonymous)
    assert seen == ["Asia/Riyadh", "UTC"]  # and the next request on the thread is not left in it
