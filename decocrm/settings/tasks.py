"""The Celery task topology: what every worker and beat agree on whatever the machine (no environment here; the
broker, its options and eager mode are in decocrm.settings). A domain app adds its own beat entries from its
AppConfig.ready() (e.g. leads/tasks.py), so no settings module names a domain app."""

from celery.schedules import crontab
from kombu import Exchange, Queue

from decocrm.core.task_limits import PatternAnnotations

CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Queues, so that a long import or PDF never waits in front of a breach notice: "sweep" (the SLA sweep, beat's
# heartbeat), "notify" (notification delivery), "imports" (imports and exports), "pdf" (PDF rendering) and the
# default "celery" (every other task: the apps' periodic jobs, deadline recomputes). A worker started without -Q
# consumes all of them (development); production gives each pool its own -Q list (README, "Queues").
CELERY_TASK_DEFAULT_QUEUE = "celery"
TASK_QUEUE_NAMES = ("sweep", "notify", "celery", "imports", "pdf")
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in TASK_QUEUE_NAMES]
CELERY_TASK_ROUTES = {
    "decocrm.sla.tasks.sweep_clocks": {"queue": "sweep"},
    "decocrm.core.tasks.heartbeat": {"queue": "sweep"},
    "decocrm.notifications.tasks.deliver_notifications": {"queue": "notify"},
    "decocrm.core.tasks.run_import_job": {"queue": "imports"},
    # The names the apps' future background exports and PDFs take (Celery matches these glob patterns).
    "*.tasks.export_*": {"queue": "imports"},
    "*.tasks.render_*_pdf": {"queue": "pdf"},
}
# Each queue's own limits (soft: the task is told to stop; hard: its process is killed), over the defaults above.
# The sweep is a few set-based statements: 2 minutes is far beyond a healthy one, and a stuck one frees its
# worker before the next tick. Imports keep their task's own 30 minutes (decocrm.core.tasks.run_import_job).
# Exact task names first, then the routes' patterns (decocrm.core.task_limits): a PDF (the acceptance report renders
# in about 0.25 s) that is still rendering after a minute is stuck; its task retries it later.
CELERY_TASK_ANNOTATIONS = [
    {
        "decocrm.sla.tasks.sweep_clocks": {"soft_time_limit": 100, "time_limit": 120},
        "decocrm.core.tasks.heartbeat": {"soft_time_limit": 20, "time_limit": 30},
        # Below delivery's claim lease (10 minutes, decocrm/notifications/delivery.py), above its sending budget (2).
        "decocrm.notifications.tasks.deliver_notifications": {"soft_time_limit": 240, "time_limit": 300},
    },
    PatternAnnotations({"*.tasks.render_*_pdf": {"soft_time_limit": 60, "time_limit": 90}}),
]
# The project's own beat entries. A domain app adds its own from its AppConfig.ready() with Celery's
# app.add_periodic_task (e.g. leads/tasks.py), so this file names no domain app.
CELERY_BEAT_SCHEDULE = {
    "sla-sweep": {
        "task": "decocrm.sla.tasks.sweep_clocks",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    "heartbeat": {
        "task": "decocrm.core.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Delivery is enqueued after each commit that stores notifications; this tick picks up retries and leftovers.
    "deliver-notifications": {
        "task": "decocrm.notifications.tasks.deliver_notifications",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Refill this/next year from a newer chinesecalendar; from 1 November tell admins about an unconfirmed next year.
    "workdays-daily-check": {
        "task": "decocrm.workdays.tasks.calendar_daily_check",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 6 * 3600},
    },
}
