"""The acceptance report (竣工验收报告) of a completed project [seed 000 §8]: a printable page and the same page as a
PDF (decocrm.core.pdf). It gathers the contract, every stage with its acceptances (re-inspections included), the
delays with their causes, the quality issues, the care handover and the warranty periods that completion started:
four queries."""

from django.db.models import Prefetch

from contracts.permissions import sees_contract_money

from .choices import ProjectState
from .models import Acceptance, Project


def report_projects(queryset):
    """The completed projects of `queryset` (already scoped), with what the report shows."""
    return (
        queryset.filter(state=ProjectState.COMPLETED)
        .select_related(
            "contract", "customer", "manager", "contract__owner", "contract__lead__designer", "care_handover__given_by"
        )
        .prefetch_related(
            Prefetch("stages__acceptances", Acceptance.objects.order_by("held_on", "pk")),
            "contract__warranty_items",
        )
    )


def report_context(project: Project, user) -> dict:
    """What the report shows `user`: the contract's amount only to those who see its money (not the designer)."""
    return _context(project, sees_money=sees_contract_money(user, project.contract))


def archive_report_context(project: Project) -> dict:
    """The copy filed in the customer's archive (services.report_filing), which whoever sees the project downloads:
    without the contract's amount (the signed contract is in the same file)."""
    return _context(project, sees_money=False)


def _context(project: Project, *, sees_money: bool) -> dict:
    stages = list(project.stages.all())
    completion = next(
        (a for s in stages for a in s.acceptances.all() if a.node == "completion" and a.result == "passed"), None
    )
    return {
        "project": project,
        "contract": project.contract,
        "customer": project.customer,
        "stages": stages,
        "completion": completion,
        "care": getattr(project, "care_handover", None),
        "warranty_items": list(project.contract.warranty_items.all()),
        "sees_money": sees_money,
    }


def report_filename(project: Project) -> str:
    return f"竣工验收报告-{project.contract.number or project.pk}.pdf"
