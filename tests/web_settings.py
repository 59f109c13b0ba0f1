"""The production settings (decocrm.settings, as gunicorn reads them) for the web processes a test starts against the
test database (tests/core/test_two_web_processes.py), with one change: static files without the manifest storage, so
that no collectstatic (about 25 s on 2 cores) has to run first. Those tests fetch no static file."""

from decocrm.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
