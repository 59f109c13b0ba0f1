from .agreements import (
    ChangeAgreementForm,
    DesignAssessForm,
    DesignChangeRequestForm,
    DesignDecideForm,
    DesignSignForm,
    TerminationForm,
)
from .contract import BriefingForm, FileForm, PaymentForm, ScheduleForm, SignForm, TermsForm, WarrantyForm

__all__ = [
    "BriefingForm",
    "ChangeAgreementForm",
    "DesignAssessForm",
    "DesignChangeRequestForm",
    "DesignDecideForm",
    "DesignSignForm",
    "FileForm",
    "PaymentForm",
    "ScheduleForm",
    "SignForm",
    "TermsForm",
    "TerminationForm",
    "WarrantyForm",
]
