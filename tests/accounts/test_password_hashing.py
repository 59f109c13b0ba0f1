"""Passwords are hashed with Argon2id in production; a PBKDF2 hash from before is upgraded at the next sign-in."""

import subprocess
import sys

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_production_settings_hash_with_argon2id_first_and_still_read_pbkdf2():
    code = "from django.conf import settings; print(','.join(settings.PASSWORD_HASHERS))"
    env = {"DEBUG": "0", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "crm.example.com", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='decocrm.settings'; "
         f"django.setup(); {code}"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split(",") == PRODUCTION_HASHERS


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_hash_is_upgraded_to_argon2id_at_sign_in(client, make_staff):
    user = make_staff(username="old-hash")
    user.password = make_password("an old password 2019", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": "old-hash", "password": "an old password 2019"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("an old password 2019")
