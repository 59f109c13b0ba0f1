"""The project pages. Thin: reads through the scoped selectors (another PM's project is a 404), writes through the
services (projects.actions declares the page's actions)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from decocrm.core.actions import ActionView
from decocrm.core.pdf import pdf_response, render_pdf
from decocrm.core.uploads import IMAGE_KINDS, PDF_KINDS, file_response

from .actions import PROJECT_ACTIONS
from .choices import ProjectState
from .models import AcceptancePhoto, ProgressPhoto
from .report import report_context, report_filename, report_projects
from .selectors import my_projects, project_page_context, projects_for_page, visible_projects
from .services.report_filing import archived_acceptance_report as archived_report_item

PAGE_SIZE = 25


def project_list(request):
    from decocrm.core.pagination import page_of

    page = page_of(request, my_projects(request.user), PAGE_SIZE)
    return render(request, "projects/project_list.html", {"page": page, "query_string": ""})


def project_page(request, project, *, fragment=False, bound=None):
    """The project page, or its live part (everything an action may change), read again after every action."""
    context = {**project_page_context(project), "actions": PROJECT_ACTIONS.offer(project, request.user, bound)}
    context["is_htmx"] = bool(request.htmx)
    template = "projects/project_detail.html"
    return render(request, f"{template}#project-live" if fragment else template, context)


def project_detail(request, pk):
    return project_page(request, get_object_or_404(projects_for_page(request.user), pk=pk))


class ProjectActionView(ActionView):
    actions = PROJECT_ACTIONS

    def get_queryset(self):
        return projects_for_page(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return project_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("projects:list")


def project_photo(request, pk, kind, photo_pk):
    """An acceptance or progress photo, to whoever sees the project (customers' homes: never a public media URL)."""
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    if kind == "acceptance":
        photo = get_object_or_404(AcceptancePhoto, acceptance__stage__project=project, pk=photo_pk)
    elif kind == "update":
        photo = get_object_or_404(ProgressPhoto, update__project=project, pk=photo_pk)
    else:
        raise Http404
    return file_response(photo.file, IMAGE_KINDS, original_name=photo.original_name)


def acceptance_report(request, pk):
    """The completion acceptance report of a completed project: the printable page, or the PDF (?format=pdf)."""
    project = get_object_or_404(report_projects(visible_projects(request.user)), pk=pk)
    context = report_context(project, request.user)
    if request.GET.get("format") == "pdf":
        return pdf_response(render_pdf("projects/acceptance_report.html", context), filename=report_filename(project))
    return render(request, "projects/acceptance_report.html", context)


def archived_acceptance_report(request, pk):
    """The acceptance report filed in the customer's archive when the final acceptance passed (services.report_filing),
    to whoever sees the project; a 404 until it is filed."""
    projects = visible_projects(request.user).filter(state=ProjectState.COMPLETED)
    item = archived_report_item(get_object_or_404(projects, pk=pk))
    if item is None:
        raise Http404
    return file_response(item.scan, PDF_KINDS, original_name=item.scan_name)
