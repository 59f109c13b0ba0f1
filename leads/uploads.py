"""Files customers' homes produce: site photos, original floor plans, renderings. What each field accepts and where it
is stored; the checking, screening and serving are `decocrm.core.uploads`' (the whole content, by its type)."""

import uuid

from decocrm.core.uploads import CAD_KINDS, IMAGE_KINDS, PDF_KINDS, UploadRule

PHOTO_TYPES = IMAGE_KINDS
PLAN_TYPES = {**IMAGE_KINDS, **PDF_KINDS, **CAD_KINDS}
PROPOSAL_TYPES = {**IMAGE_KINDS, **PDF_KINDS, **CAD_KINDS}

PHOTOS = UploadRule(PHOTO_TYPES, max_mb_setting="LEADS_MAX_UPLOAD_MB")
PLANS = UploadRule(PLAN_TYPES, max_mb_setting="LEADS_MAX_UPLOAD_MB")
PROPOSAL_FILES = UploadRule(PROPOSAL_TYPES, max_mb_setting="LEADS_MAX_UPLOAD_MB")


# The models' validators (named by the migrations).
def validate_photo(upload):
    PHOTOS.validate(upload)


def validate_plan(upload):
    PLANS.validate(upload)


def validate_proposal_file(upload):
    PROPOSAL_FILES.validate(upload)


def _stored_name(folder, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{ext}"


def measurement_upload_to(instance, filename):
    """leads/<lead>/measurement/<random>.<ext>: unguessable names, grouped per lead (for the archive)."""
    visit = getattr(instance, "visit", instance)
    return _stored_name(f"leads/{visit.lead_id}/measurement", filename)


def proposal_upload_to(instance, filename):
    return _stored_name(f"leads/{instance.proposal.lead_id}/proposals/v{instance.proposal.version}", filename)
