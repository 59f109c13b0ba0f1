"""The complaints panel on the customer page (registered in ComplaintsConfig.ready(); see customers/panels.py): the
customer's complaints this user sees, newest first, in one query, and the intake for this customer."""

from .permissions import can_record_complaints
from .selectors import visible_complaints

SHOWN = 5


def customer_complaints_panel(request, customer):
    can_record = can_record_complaints(request.user)
    complaints = list(visible_complaints(request.user).filter(customer=customer).order_by("-received_at")[:SHOWN])
    if not complaints and not can_record:
        return None
    return {"template": "complaints/_panel.html", "order": 40, "complaints": complaints, "can_record": can_record,
            "customer": customer}  # fmt: skip
