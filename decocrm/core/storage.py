"""Where uploads are stored: on local disk (MEDIA_ROOT, the default) or in an S3-compatible bucket (MinIO, Alibaba
OSS, Tencent COS, AWS S3) when AWS_STORAGE_BUCKET_NAME is set (settings.py picks the backend; README, "Object
storage"). Every upload field uses Django's default storage, so choosing the backend needs no migration.

Both backends store every file under a random name whatever the field's `upload_to` or the uploader called it (the
folder stays: it groups a customer's files); the name the uploader gave is kept beside the file, in the row, for the
download (decocrm.core.uploads.download_name). On S3 a download is a redirect to a signed URL that lives
UPLOAD_URL_EXPIRY seconds, issued by the scoped view after its access check (uploads.file_response): the bucket stays
private, so no URL outlives that check.
"""

import re
import uuid

from django.core.files.storage import FileSystemStorage
from django.db import transaction


def random_name(name: str) -> str:
    """A random file name keeping the (lower-cased, letters and digits only) extension of `name`."""
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    return f"{uuid.uuid4().hex}.{ext}" if ext else uuid.uuid4().hex


class RandomNames:
    """Mixed into a storage: `generate_filename` (what FieldFile.save calls) cleans only the base name through
    `get_valid_name`, which here replaces it with a random one."""

    def get_valid_name(self, name):
        return random_name(name)


class LocalUploads(RandomNames, FileSystemStorage):
    """Local disk under MEDIA_ROOT; downloads are streamed by the scoped views."""


def delete_on_commit(storage, name: str) -> None:
    """Delete a stored file once the transaction that stopped naming it commits (a rollback keeps the file: the row
    still names it). A failure to delete is logged by Django, never turned into an error of the committed work."""
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
