"""The Celery app: configured from Django settings (CELERY_* names), tasks discovered in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decocrm.settings")

app = Celery("decocrm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
