"""Every write of after-sales: revisits (revisits.py)."""

from .revisits import (
    RevisitError,
    revisit_cancel,
    revisit_point_answer,
    revisit_record,
    revisit_schedule,
    revisit_sign_off,
)

__all__ = [
    "RevisitError",
    "revisit_cancel",
    "revisit_point_answer",
    "revisit_record",
    "revisit_schedule",
    "revisit_sign_off",
]
