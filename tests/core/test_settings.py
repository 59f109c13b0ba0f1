"""Production settings pass `check --deploy`; missing secrets fail loudly."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-real-looking-production-secret-key-" + "x" * 40,
    "FIELD_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1saWtlLWZlcm5ldC1rZXktZm9yLXQ=",
    "FIELD_BLIND_INDEX_KEY": "a-real-looking-blind-index-key-" + "y" * 40,
    "ALLOWED_HOSTS": "crm.example.com",
    "DATABASE_URL": "sqlite:////tmp/decocrm-deploy-check.sqlite3",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # pytest's DJANGO_SETTINGS_MODULE (tests.settings, with the kit app) is left out: these are production's.
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
            "FIELD_ENCRYPTION_KEYS",
            "FIELD_BLIND_INDEX_KEY",
        }  # fmt: skip
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_fails_loudly_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_KEYS", "FIELD_BLIND_INDEX_KEY"])
def test_missing_encryption_keys_fail_loudly_in_production(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_BLIND_INDEX_KEY must be set" in result.stderr


def test_an_encryption_key_that_is_no_fernet_key_fails_the_checks():
    result = _manage("check", env={**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "audit.E001" in result.stderr


def test_a_bare_checkout_checks_its_migrations_without_a_key_but_serves_nothing_without_one():
    """`makemigrations --check` reads only the code: it runs with no SECRET_KEY and no .env (a random key that dies
    with it); a command that may sign or serve something still refuses."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    refused = _manage("migrate", "--plan", env=env)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr


def test_tests_hash_passwords_fast_but_production_never_does():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    show = "from django.conf import settings; print(','.join(settings.PASSWORD_HASHERS))"
    result = _manage("shell", "-c", show, env={**PRODUCTION_ENV, "PASSWORD_HASHERS_FAST": "1"})
    assert result.returncode == 0, result.stderr
    # Argon2id first; PBKDF2 still reads the hashes made before, which are upgraded at the next sign-in.
    assert result.stdout.splitlines()[-1].split(",") == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_the_embedded_broker_keeps_its_exchange_tables_under_var():
    show = (
        "from decocrm.celery import app\n"
        "with app.connection_for_write() as conn: print(conn.default_channel.control_folder.resolve())"
    )
    result = _manage("shell", "-c", show, env={"DEBUG": "1", "REDIS_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == str(settings.BASE_DIR / "var" / "broker" / "control")


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"


@pytest.mark.parametrize("pgbouncer", ["0", "1"])
def test_behind_pgbouncer_no_server_side_cursors_and_no_startup_options(pgbouncer):
    show = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d.get('DISABLE_SERVER_SIDE_CURSORS', False), d.get('OPTIONS', {}).get('options'))"
    )
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://u:p@db.invalid:6432/decocrm",
        "PGBOUNCER_TRANSACTION_MODE": pgbouncer,
    }
    result = _manage("shell", "-c", show, env=env)
    assert result.returncode == 0, result.stderr
    expected = "True None" if pgbouncer == "1" else "False -c jit=off"
    assert result.stdout.strip().splitlines()[-1] == expected


def test_rate_limits_and_the_lockout_see_the_same_client_address():
    assert settings.RATELIMIT_IP_META_KEY == settings.AXES_CLIENT_IP_CALLABLE == "decocrm.core.net.client_ip"
