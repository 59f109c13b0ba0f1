"""Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS and recompute every blind index with
FIELD_BLIND_INDEX_KEY: the middle step of a key rotation (README, "Encryption keys"). Safe to run twice, and to stop
half-way: each row is read with whichever key decrypts it and written with the first."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from decocrm.audit.encryption import BlindIndexField, EncryptedCharField, blind_index

CHUNK = 500


def encrypted_models():
    """(model, [encrypted field names], [blind index fields]) for every model that has encrypted fields."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if fields:
            found.append((model, [f.attname for f in fields], indexes))
    return found


def reencrypt_model(model, names, indexes) -> int:
    manager = model._base_manager
    key = model._meta.pk.attname
    pks = list(manager.order_by(key).values_list(key, flat=True))
    for start in range(0, len(pks), CHUNK):
        with transaction.atomic():
            rows = manager.filter(**{f"{key}__in": pks[start : start + CHUNK]}).values(key, *names)
            for row in rows:
                values = {name: row[name] for name in names}  # decrypted on the way in, encrypted on the way out
                values |= {index.attname: blind_index(row[index.source] or "") for index in indexes}
                manager.filter(**{key: row[key]}).update(**values)
    return len(pks)


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the newest key and recompute their blind indexes (key rotation)."

    def handle(self, *args, **options):
        for model, names, indexes in encrypted_models():
            count = reencrypt_model(model, names, indexes)
            self.stdout.write(f"{model._meta.label}: {count} rows ({', '.join(names)})")
