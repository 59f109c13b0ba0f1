"""Scans of a file's documents: images and PDFs, screened on the way in (decocrm.core.uploads), stored under
unguessable names and served only through the admin's scoped scan view (admin/files.py)."""

import uuid

from decocrm.core.uploads import IMAGE_KINDS, PDF_KINDS, UploadRule

SCAN_KINDS = {**IMAGE_KINDS, **PDF_KINDS}
SCAN = UploadRule(SCAN_KINDS)


def validate_scan(upload):
    SCAN.validate(upload)


def scan_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"archives/{instance.file_id}/{uuid.uuid4().hex}.{ext}"
