import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from import_export.formats import base_formats
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from decocrm.accounts.selectors import is_company_manager, is_manager
from decocrm.core.exports import XLSX, export_stamp, record_export
from decocrm.core.filters import filtered, refused_filters
from decocrm.core.pagination import page_of
from decocrm.core.querystring import query_without

from . import reports
from .choices import ClockState
from .filters import DashboardFilter
from .health import sweep_status
from .metrics import metrics_text
from .resources import BreachResource
from .selectors import my_deadlines, visible_clocks

PAGE_SIZE = 25
EXPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": XLSX}


def dashboard(request):
    """Managers' overdue dashboard: a team manager sees their team, a company manager everything."""
    if not is_manager(request.user):
        raise PermissionDenied
    clocks = visible_clocks(request.user)
    filterset = DashboardFilter(request.GET or None, queryset=clocks, user=request.user)
    refused = refused_filters(filterset)
    scoped = filtered(request, filterset)  # a refused filter is left out, with a message
    breaches = scoped.filter(state=ClockState.BREACHED).select_related("owner", "team").order_by("due_at")

    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        if refused:  # not more rows than were asked for: the page says which filter to fix
            return redirect(f"{reverse('sla:dashboard')}?{query_without(request, 'export')}")
        return _export(request, breaches, export)

    figures = reports.dashboard_figures(request.user, scoped, chosen_filters(filterset))
    # Already counted above: no second COUNT(*) over the breached clocks.
    page = page_of(request, breaches, PAGE_SIZE, capped=False, count=figures["totals"]["breached"])
    context = {
        "filter": filterset,
        "page": page,
        "now": timezone.now(),
        "company_view": is_company_manager(request.user),
        **figures,
        "query_string": query_without(request, "page"),
        "sweep": sweep_status(cached=True),
    }
    return render(request, "sla/dashboard.html", context)


def chosen_filters(filterset) -> dict:
    """The filters that apply (a refused one is left out): {name: value}."""
    return {k: v for k, v in filterset.form.cleaned_data.items() if v} if filterset.is_bound else {}


def _export(request, breaches, fmt):
    # XLSX gets real date cells; CSV the formatted text.
    dataset = BreachResource(user=request.user).export(queryset=breaches, force_native_type=fmt == "xlsx")
    filters = query_without(request, "export")
    record_export(user=request.user, what="sla breaches", fmt=fmt, rows=len(dataset), filters=filters)
    # The library's formats, not dataset.csv / .xlsx: its XLSX replaces characters a workbook cannot hold
    # (IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT) instead of failing.
    file_format = EXPORT_FORMATS[fmt]()
    content, content_type = file_format.export_data(dataset), file_format.get_content_type()
    if fmt == "csv":  # with a BOM, which Excel needs to read Chinese
        content, content_type = content.encode("utf-8-sig"), content_type + "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="overdue-{export_stamp()}.{fmt}"'
    return response


MINE_SHOWN = 200  # clocks listed on My deadlines, the most overdue first; the headings count them all


def mine(request):
    """Everything due for me: overdue first, then by deadline."""
    context = my_deadlines(request.user, shown=MINE_SHOWN)
    return render(request, "sla/mine.html", {**context, "title": _("My deadlines")})


def _bearer_token(request) -> str | None:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@login_not_required
@never_cache
@require_safe
def metrics(request):
    """The SLA engine's health for Prometheus (decocrm/sla/metrics.py): a scraper with the bearer token
    (METRICS_TOKEN, compared in constant time), or a signed-in company manager. Anyone else is refused: a wrong
    token or another signed-in user 403, an anonymous visitor 404 (the address is not advertised)."""
    token = _bearer_token(request)
    if token is not None:
        expected = settings.METRICS_TOKEN
        if not (expected and hmac.compare_digest(token.encode(), expected.encode())):
            raise PermissionDenied
    elif not request.user.is_authenticated:
        raise Http404
    elif not is_company_manager(request.user):
        raise PermissionDenied
    # The classic text format (0.0.4), which every Prometheus reads; the names need none of 1.0.0's escaping.
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_PLAIN_0_0_4)


@login_not_required
@never_cache
@require_safe
def sweep_health(request):
    """For the monitor (not the web container's /healthz, which must not fail because beat or the workers are
    late): 503 when the last SLA sweep ended longer ago than SLA_SWEEP_LATE_AFTER, or never."""
    status = sweep_status()
    body = {
        "status": "late" if status.late else "ok",
        "last_sweep": status.last_at.isoformat() if status.last_at else None,
        "age_seconds": round(status.age_seconds) if status.age_seconds is not None else None,
    }
    return JsonResponse(body, status=503 if status.late else 200)
