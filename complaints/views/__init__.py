from .pages import (
    ComplaintActionView,
    ComplaintExport,
    complaint_detail,
    complaint_evidence,
    complaint_intake,
    complaint_list,
)
from .statistics import complaint_statistics, statistics_file

__all__ = [
    "ComplaintActionView",
    "ComplaintExport",
    "complaint_detail",
    "complaint_evidence",
    "complaint_intake",
    "complaint_list",
    "complaint_statistics",
    "statistics_file",
]
