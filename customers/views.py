from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .selectors import visible_customers


def customer_detail(request, pk):
    """Placeholder until the customer pages land: the name for those who may see it, 404 for everyone else."""
    customer = get_object_or_404(visible_customers(request.user), pk=pk)
    return HttpResponse(str(customer), content_type="text/plain; charset=utf-8")
