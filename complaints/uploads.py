"""Evidence a complainant hands in (photos, letters, scans): images and PDFs, screened on the way in, stored under
unguessable names and served only through the complaint page's scoped view (views.complaint_evidence)."""

import uuid

from decocrm.core.uploads import IMAGE_KINDS, PDF_KINDS, UploadRule

EVIDENCE_KINDS = {**IMAGE_KINDS, **PDF_KINDS}
EVIDENCE = UploadRule(EVIDENCE_KINDS)


def validate_evidence(upload):
    EVIDENCE.validate(upload)


def evidence_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"complaints/{instance.complaint_id}/{uuid.uuid4().hex}.{ext}"
