from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decocrm.sla.sweep import sla_sweep


def _parse_now(value):
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now: {exc}. Use e.g. 2026-10-08T09:00 (local time, Asia/Shanghai).") from exc
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Run the SLA sweep once (the same one beat runs every minute) and print what it did."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Sweep as if it were this moment, e.g. 2026-10-08T09:00 (local time).")

    def handle(self, *args, now=None, **options):
        moment = _parse_now(now) if now else timezone.now()
        result = sla_sweep(now=moment)
        self.stdout.write(f"SLA sweep at {timezone.localtime(moment):%Y-%m-%d %H:%M:%S%z}: {result}")
