from django.urls import reverse

from .selectors import my_open_clocks


def my_clocks_card(request):
    """Home page card: my overdue clocks first, then what is due next."""
    overdue, upcoming = my_open_clocks(request.user)
    return {
        "template": "sla/_my_clocks_card.html",
        "order": 10,
        "overdue": overdue,
        "upcoming": upcoming,
        "all_url": reverse("sla:mine"),
    }
