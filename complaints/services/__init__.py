"""Every write of complaints (ENGINEERING.md rule 1)."""

from .common import ComplaintPermissionError, ComplaintStateError, compensation_limit
from .escalation import LEGAL_GROUP, LEGAL_PERMISSION, major_warning_recipients
from .flow import (
    complaint_assign,
    complaint_close,
    complaint_feed_back,
    complaint_mark_major,
    complaint_propose_solution,
    complaint_reassign,
    complaint_report_to_management,
    complaint_review_solution,
    complaint_revisit_done,
    complaint_start_investigation,
)
from .intake import complaint_add_evidence, complaint_record, earlier_complaint
from .statistics import statistics_file, statistics_open_month

__all__ = [
    "LEGAL_GROUP",
    "LEGAL_PERMISSION",
    "ComplaintPermissionError",
    "ComplaintStateError",
    "compensation_limit",
    "complaint_add_evidence",
    "complaint_assign",
    "complaint_close",
    "complaint_feed_back",
    "complaint_mark_major",
    "complaint_propose_solution",
    "complaint_reassign",
    "complaint_record",
    "complaint_report_to_management",
    "complaint_review_solution",
    "complaint_revisit_done",
    "complaint_start_investigation",
    "earlier_complaint",
    "major_warning_recipients",
    "statistics_file",
    "statistics_open_month",
]
