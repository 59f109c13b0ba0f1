"""Fields encrypted at rest (PRODUCT.md: ID numbers), with a blind index for exact-match search.

- Keys come from the environment (settings.FIELD_ENCRYPTION_KEYS, Fernet keys, newest first): the first encrypts,
  every one decrypts (MultiFernet), so a key is rotated by putting a new one first, running
  `manage.py reencrypt_fields`, then dropping the old one (README, "Encryption keys").
- Fernet is randomised: the same ID number encrypts differently each time, so the column cannot be searched. Its
  `BlindIndexField` companion holds HMAC-SHA256(settings.FIELD_BLIND_INDEX_KEY, normalised value): equal values give
  equal digests, so an exact match is one indexed lookup, and nothing partial can match.
- A value that no key decrypts raises instead of showing ciphertext as if it were the value.
"""

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

FERNET_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, then the timestamp's high bytes)


class UndecryptableValue(Exception):
    """A stored value no configured key decrypts: a key was dropped before the rows were re-encrypted."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key: {error}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue("A stored value is not decrypted by any key in FIELD_ENCRYPTION_KEYS.") from None


def rotate(token: str) -> str:
    """The token encrypted again with the first key (MultiFernet.rotate)."""
    return fernet().rotate(token.encode()).decode()


def normalize_exact(value: str) -> str:
    """What an exact match compares: NFKC (full-width digits are digits), no spaces, upper case (the check letter X
    of an ID number matches x)."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def blind_index(value: str) -> str:
    """The digest an exact search looks up; "" for an empty value."""
    normalized = normalize_exact(value)
    if not normalized:
        return ""
    key = settings.FIELD_BLIND_INDEX_KEY.encode()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.CharField):
    """A CharField whose value is stored Fernet-encrypted (a text column: the token is longer than the value).
    max_length checks the value as typed. Only `isnull` and "is empty" (exact "") can be asked of the column: search
    through its BlindIndexField."""

    description = _("Encrypted text")

    def db_type(self, connection):
        return connection.data_types["TextField"]

    def rel_db_type(self, connection):
        return self.db_type(connection)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name != "isnull":
            return None  # a FieldError: a substring of ciphertext means nothing
        return super().get_lookup(lookup_name)


class EmptyOnlyExact(Exact):
    """`field=""` finds the empty values; `field="a value"` would compare against a fresh random token and silently
    find nothing, so it is refused: search through the BlindIndexField."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError("An encrypted field matches only ''; search its blind index (blind_index(value)).")
        return super().get_prep_lookup()


class BlindIndexField(models.CharField):
    """The HMAC digest of another field's value, recomputed on every save; search with `blind_index(value)`."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        digest = blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, digest)
        return digest


def is_encrypted_token(value: str) -> bool:
    return isinstance(value, str) and value.startswith(FERNET_PREFIX)
