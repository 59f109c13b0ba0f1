"""The Celery app: configured from Django settings (CELERY_* names), tasks discovered in every app.

Beat: settings.CELERY_BEAT_SCHEDULE holds the project's own entries; a domain app adds its own from its
AppConfig.ready() with this app's add_periodic_task (see leads/tasks.py). Worker and beat set Django up (and so run
ready()) before they read the schedule."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decocrm.settings")

app = Celery("decocrm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
