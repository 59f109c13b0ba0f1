from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .selectors import visible_leads


def lead_detail(request, pk):
    """Placeholder until the lead pages land: the lead's name for those who may see it, 404 for everyone else."""
    lead = get_object_or_404(visible_leads(request.user), pk=pk)
    return HttpResponse(str(lead), content_type="text/plain; charset=utf-8")
