"""Site photos from the phone camera (acceptances, progress updates): images only, screened on the way in, stored
under unguessable names and served only through the project page's scoped view (views.project_photo)."""

import uuid

from decocrm.core.uploads import IMAGE_KINDS, UploadRule

PHOTOS = UploadRule(IMAGE_KINDS)


def _stored_name(folder, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{ext}"


def acceptance_photo_upload_to(instance, filename):
    return _stored_name(f"projects/{instance.acceptance.stage.project_id}/acceptances", filename)


def progress_photo_upload_to(instance, filename):
    return _stored_name(f"projects/{instance.update.project_id}/updates", filename)
