"""What leads tells the key-account criteria (customers.figures): when a customer's first lead was won (won means
signed, seed 000 §6) and the quotes of the proposals the customer accepted in the last 12 months. Two queries
whatever the number of customers. Registered in LeadsConfig.ready()."""

from django.db.models import Min, Sum

from .choices import LeadState, ProposalResponse
from .models import DesignProposal, Lead


def key_account_figures(customer_ids, since) -> dict:
    won = dict(
        Lead.objects.filter(customer_id__in=customer_ids, state=LeadState.WON)
        .values("customer_id")
        .annotate(first=Min("state_changed_at"))
        .values_list("customer_id", "first")
    )
    accepted = dict(
        DesignProposal.objects.filter(
            lead__customer_id__in=customer_ids, response=ProposalResponse.ACCEPTED, responded_at__gte=since
        )
        .values("lead__customer_id")
        .annotate(total=Sum("quote_amount"))
        .values_list("lead__customer_id", "total")
    )
    return {pk: (won.get(pk), accepted.get(pk)) for pk in set(won) | set(accepted)}
