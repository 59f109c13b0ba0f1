"""Files customers' homes produce: site photos, original floor plans, renderings. Each upload is checked by its
extension AND its first bytes (a renamed .exe is not a floor plan), and by size (settings.LEADS_MAX_UPLOAD_MB)."""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_MB = 20

# extension -> the file signatures it may start with
IMAGE_TYPES = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
}
PDF_TYPES = {"pdf": (b"%PDF-",)}
CAD_TYPES = {"dwg": (b"AC10",), "dxf": (b"0", b"  0", b"999", b"AutoCAD Binary DXF")}

PHOTO_TYPES = IMAGE_TYPES
PLAN_TYPES = {**IMAGE_TYPES, **PDF_TYPES, **CAD_TYPES}
PROPOSAL_TYPES = {**IMAGE_TYPES, **PDF_TYPES, **CAD_TYPES}


def max_upload_bytes() -> int:
    return int(getattr(settings, "LEADS_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def _starts_with(head: bytes, signatures) -> bool:
    return any(head.lstrip(b"\xef\xbb\xbf").startswith(sig) for sig in signatures)


def validate_upload(upload, allowed: dict):
    """Raise ValidationError with a message that names the file and what is wrong with it."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kinds = ", ".join(sorted(allowed))
    if ext not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type (accepted: %(kinds)s).") % {"name": name, "kinds": kinds},
            code="file_type",
        )
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(limit)d MB.")
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(32)
    upload.seek(position)
    if not _starts_with(head, allowed[ext]):
        raise ValidationError(
            _("“%(name)s” does not look like a .%(ext)s file; it may be damaged or renamed.")
            % {"name": name, "ext": ext},
            code="file_content",
        )


def validate_photo(upload):
    validate_upload(upload, PHOTO_TYPES)


def validate_plan(upload):
    validate_upload(upload, PLAN_TYPES)


def validate_proposal_file(upload):
    validate_upload(upload, PROPOSAL_TYPES)


def _stored_name(folder, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{ext}"


def measurement_upload_to(instance, filename):
    """leads/<lead>/measurement/<random>.<ext>: unguessable names, grouped per lead (for the archive)."""
    visit = getattr(instance, "visit", instance)
    return _stored_name(f"leads/{visit.lead_id}/measurement", filename)


def proposal_upload_to(instance, filename):
    return _stored_name(f"leads/{instance.proposal.lead_id}/proposals/v{instance.proposal.version}", filename)
