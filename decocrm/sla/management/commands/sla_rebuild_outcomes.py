from django.core.management.base import BaseCommand
from django.db import transaction

from decocrm.sla.outcomes import rebuild_outcomes


class Command(BaseCommand):
    help = "Recompute the daily on-time/late table behind the on-time rates from the clocks (after a bulk import)."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = rebuild_outcomes()
        self.stdout.write(f"Rebuilt {rows} daily outcome rows.")
