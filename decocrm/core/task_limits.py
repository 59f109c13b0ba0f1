"""Task annotations by name pattern. Celery's CELERY_TASK_ANNOTATIONS match exact task names only; these match the
glob patterns the routes use (fnmatch, as CELERY_TASK_ROUTES does), so a queue's limits reach every task its
pattern routes there (`*.tasks.render_*_pdf` → "pdf") and no settings module names a domain app. Imports nothing
of Django: the settings import it."""

from fnmatch import fnmatchcase


class PatternAnnotations:
    """{glob pattern: task attributes}; the first pattern matching a task's name wins (Celery's annotation
    protocol: `annotate(task)` returns the attributes or None, `annotate_any()` those of every task)."""

    def __init__(self, patterns: dict[str, dict]):
        self.patterns = dict(patterns)

    def annotate(self, task):
        for pattern, attributes in self.patterns.items():
            if fnmatchcase(task.name, pattern):
                return dict(attributes)
        return None

    def annotate_any(self):
        return None
