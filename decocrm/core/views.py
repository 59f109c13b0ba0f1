from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .home import home_cards


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
