"""Leads' Celery tasks and their beat entries. The entries are registered from LeadsConfig.ready() through Celery's
own app.add_periodic_task, so decocrm's settings name no domain app: beat reads them after Django has set up."""

from celery import shared_task


@shared_task(acks_late=True)
def return_breached_leads_to_pool():
    """Beat: leads whose first-contact clock is breached go back to the pool (settings.LEADS_AUTO_RETURN_TO_POOL).
    Computed from state, so a repeated or late run returns each lead once. The sweep's breach listener does this
    at once (leads/clocks.py); this run is the catch-up behind it."""
    from .pool import return_breached_leads

    return return_breached_leads()


@shared_task(acks_late=True)
def reconcile_next_due():
    """Beat: Lead.next_due_at follows the clocks even when a deadline listener failed (leads/next_due.py)."""
    from .next_due import reconcile_next_due

    return reconcile_next_due()


def schedule_periodic_tasks(app) -> None:
    # The sweep's breach listener returns leads at once; this is the catch-up for a listener that failed.
    app.add_periodic_task(900.0, return_breached_leads_to_pool.s(), name="leads-return-breached-to-pool", expires=840)
    app.add_periodic_task(600.0, reconcile_next_due.s(), name="leads-reconcile-next-due", expires=540)
