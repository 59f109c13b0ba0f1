from celery import shared_task


@shared_task(acks_late=True)
def return_breached_leads_to_pool():
    """Beat: leads whose first-contact clock is breached go back to the pool (settings.LEADS_AUTO_RETURN_TO_POOL).
    Computed from state, so a repeated or late run returns each lead once. The sweep's breach listener does this
    at once (leads/clocks.py); this run is the catch-up behind it."""
    from .pool import return_breached_leads

    return return_breached_leads()
