"""Settings come from the environment, refuse to run unsafely, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "STATIC_MANIFEST",
            "EMAIL_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="stp.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_debug_off_it_refuses_to_start_without_a_secret_key_and_hosts():
    result = run("import django; django.setup()")
    assert result.returncode != 0
    assert "set SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_with_nothing_set_but_debug_it_runs_on_sqlite_in_process_tasks_and_console_mail():
    result = run(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = run(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL,"
        " s.CACHES['default']['BACKEND'])",
        DEBUG="1",
        DATABASE_URL="postgres://u@127.0.0.1:5432/stp",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/0",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_the_deploy_check_passes_with_production_settings():
    result = run(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="governance.example.nhs.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
