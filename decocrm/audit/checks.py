"""System checks of the encryption settings: keys that Fernet refuses fail `check` (and so every start-up that runs
the checks) instead of the first page that shows an ID number."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .encryption import fernet

MIN_INDEX_KEY_LENGTH = 32


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs=None, **kwargs):
    errors = []
    try:
        fernet()
    except ImproperlyConfigured as error:
        errors.append(
            checks.Error(
                str(error),
                hint="Each key is 32 url-safe base64-encoded bytes: "
                'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
                id="audit.E001",
            )
        )
    if len(settings.FIELD_BLIND_INDEX_KEY) < MIN_INDEX_KEY_LENGTH:
        errors.append(
            checks.Error(
                f"FIELD_BLIND_INDEX_KEY is shorter than {MIN_INDEX_KEY_LENGTH} characters.",
                hint='python -c "import secrets; print(secrets.token_urlsafe(50))"',
                id="audit.E002",
            )
        )
    return errors
