"""The customer's complaints in their archive file's transaction history (customers.archives.hooks)."""

from .models import Complaint


def complaint_history(customer) -> list[tuple]:
    complaints = Complaint.objects.filter(customer=customer).order_by("-received_at")[:50]
    return [
        (complaint.received_at, f"{complaint} ({complaint.get_state_display()})", complaint.get_absolute_url())
        for complaint in complaints
    ]
