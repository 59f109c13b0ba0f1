from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .home import home_cards
from .import_jobs import import_job_progress, visible_import_jobs


def home(request):
    """My work: the cards registered by each app (my clocks, my leads, today's appointments...)."""
    return render(request, "core/home.html", {"cards": home_cards(request)})


@login_not_required
@never_cache
def healthz(request):
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_not_required
@require_safe
def favicon(request):
    """/favicon.ico, asked for by clients that ignore <link rel="icon">: the static (hashed, long-cached) file."""
    return redirect(static("favicon.ico"))


@require_safe
def import_job_page(request, pk):
    """A background import's progress (polled by htmx while it runs) and its result; its importer's only."""
    job = get_object_or_404(visible_import_jobs(request.user), pk=pk)
    progress = import_job_progress(job)
    percent = min(100, progress * 100 // job.total_rows) if job.total_rows else 0
    template = "core/import_job.html#import-live" if request.htmx else "core/import_job.html"
    return render(request, template, {"job": job, "progress": progress, "percent": percent})
