"""The construction panel on the customer page and on the lead page (registered in ProjectsConfig.ready(); see
customers/panels.py and leads/panels.py): the projects this user sees, in one query."""

from .selectors import visible_projects


def _panel(projects):
    projects = list(projects)
    return {"template": "projects/_panel.html", "order": 20, "projects": projects} if projects else None


def customer_projects_panel(request, customer):
    return _panel(visible_projects(request.user).filter(customer=customer))


def lead_projects_panel(request, lead):
    if lead.state != "won":
        return None  # a project comes with a signed contract, which wins the lead: no query on most lead pages
    return _panel(visible_projects(request.user).filter(contract__lead=lead))
