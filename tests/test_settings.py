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


def settings_under(code, **env):
    result = run_manage(
        "shell", "--no-imports", "-c", f"from django.conf import settings; print(repr(({code})))", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_redis_the_cache_and_sessions_are_shared_through_it():
    shown = settings_under(
        "settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert shown == "('quizsite.cache.ReusedClientRedisCache', 'django.contrib.sessions.backends.cached_db')"


def test_without_redis_sessions_stay_in_the_database():
    shown = settings_under("settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE", REDIS_URL="")
    assert shown == "('django.core.cache.backends.locmem.LocMemCache', 'django.contrib.sessions.backends.db')"


def test_a_dropped_database_connection_is_checked_before_reuse():
    assert settings_under("settings.DATABASES['default']['CONN_HEALTH_CHECKS']") == "True"


def test_check_deploy_is_clean_with_redis_and_a_replica():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="quiz.example.org",
        REDIS_URL="redis://127.0.0.1:6379/1",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5432/quizsite_prod",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_uses_hashed_compressed_static_files_behind_https():
    shown = settings_under(
        "settings.STORAGES['staticfiles']['BACKEND'], settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS",
        DJANGO_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="quiz.example.org",
    )
    assert shown == "('whitenoise.storage.CompressedManifestStaticFilesStorage', True, 31536000)"
