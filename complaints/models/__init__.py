from .complaint import Complaint, ComplaintTransition
from .records import ComplaintEvidence, MonthlyStatistics

__all__ = ["Complaint", "ComplaintEvidence", "ComplaintTransition", "MonthlyStatistics"]
