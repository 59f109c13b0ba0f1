from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from decocrm.core.uploads import IMAGE_KINDS, PDF_KINDS, UploadRule

from ..models import ContractFile
from .common import workable

# Scans and forms: a PDF or a photo from the phone, checked through and through (decocrm.core.uploads).
CONTRACT_FILES = UploadRule(kinds={**IMAGE_KINDS, **PDF_KINDS})


@transaction.atomic
def contract_add_file(*, contract, by, kind, upload, at=None) -> ContractFile:
    """A document of the contract: the signed scan, the designer's customer survey form [seed 003], another."""
    at = at or timezone.now()
    contract = workable(contract, by)
    try:
        screened = CONTRACT_FILES.screen(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    row = ContractFile(
        contract=contract, kind=kind, file=screened, original_name=screened.name[:200], uploaded_at=at, uploaded_by=by
    )
    row.full_clean()
    row.save()
    return row
