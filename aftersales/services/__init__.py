"""Every write of after-sales: revisits (revisits.py), satisfaction surveys (surveys.py)."""

from .revisits import (
    RevisitError,
    revisit_cancel,
    revisit_point_answer,
    revisit_record,
    revisit_schedule,
    revisit_sign_off,
)
from .surveys import (
    SurveyError,
    improvement_add,
    improvement_done,
    survey_answer_by_link,
    survey_by_token,
    survey_create,
    survey_issue_link,
    survey_record,
)

__all__ = [
    "SurveyError",
    "improvement_add",
    "improvement_done",
    "survey_answer_by_link",
    "survey_by_token",
    "survey_create",
    "survey_issue_link",
    "survey_record",
    "RevisitError",
    "revisit_cancel",
    "revisit_point_answer",
    "revisit_record",
    "revisit_schedule",
    "revisit_sign_off",
]
