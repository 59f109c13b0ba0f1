"""A PBKDF2 hash from before Argon2id is upgraded at the next sign-in (the hashers: tests/core/test_settings.py)."""

from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


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
