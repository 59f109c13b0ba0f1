"""After-sales' Celery tasks and their beat entries (registered from AftersalesConfig.ready(), as complaints does)."""

from celery import shared_task


@shared_task(acks_late=True)
def start_periodic_revisits():
    """Beat, hourly: a periodic revisit clock for each formal customer under warranty not revisited lately, once."""
    from .services.periodic import periodic_revisits_start

    return periodic_revisits_start()


def schedule_periodic_tasks(app) -> None:
    # Hourly, computed from state: a repeated run, or the first after downtime, starts each customer's clock once.
    app.add_periodic_task(3600.0, start_periodic_revisits.s(), name="aftersales-periodic-revisits", expires=3000)
