"""Repair photos from the phone camera and the customer's signature: images only, screened on the way in, stored
under unguessable names and served only through the ticket page's scoped views (views.ticket_photo,
views.ticket_signature), as projects/uploads.py does for site photos."""

import uuid

from decocrm.core.uploads import IMAGE_KINDS, UploadRule

PHOTOS = UploadRule(IMAGE_KINDS)


def _stored_name(folder, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{ext}"


def ticket_photo_upload_to(instance, filename):
    return _stored_name(f"aftersales/{instance.ticket_id}/photos", filename)


def signature_upload_to(instance, filename):
    return _stored_name(f"aftersales/{instance.pk}/signature", filename)
