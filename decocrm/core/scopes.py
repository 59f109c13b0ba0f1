"""Scopes: who sees which rows of a model, declared once per model (ENGINEERING.md rule 4).

The company's rule is the same everywhere: a company-wide manager (or a superuser) sees every row; a team manager
the rows of their team and their own; everyone else the rows they own or are assigned to. A model says only where
those people are on its rows:

    CONTRACT_SCOPE = Scope(owner="salesperson", team="team", assigned=("designer", "project_manager"))
    def visible_contracts(user): return CONTRACT_SCOPE.filter(Contract.objects.select_related(...), user)

Out of scope is a 404 everywhere because every page reads through the selector built on it (`ScopedFilterSet` and
`list_page` for lists, `get_object_or_404(visible_…(user), pk=…)` for a detail page or an action).
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Q

from decocrm.accounts.selectors import is_company_manager, is_manager, visible_staff

from .forms import bootstrap_widgets


@dataclass(frozen=True)
class Scope:
    owner: str | None = "owner"  # path to the user who owns the row
    team: tuple[str, ...] | str = ("team",)  # paths to the row's team(s) a team manager sees it through
    assigned: tuple[str, ...] = ()  # paths to further staff who work the row (designer, account manager…)
    everyone: tuple[str, ...] = ()  # roles that see every row (the archive clerk keeps every customer's file)

    def q(self, user, model=None) -> Q | None:
        """The condition on rows `user` may see; None for every row. Given the `model`, when the alternatives are
        on different tables, each one through a relation becomes `pk IN (rows meeting it)`: an OR across joined
        tables makes PostgreSQL join every row before filtering (a PM's projects: the project's manager, its
        contract's salesperson, its lead's designer), where each subquery reads an index."""
        if is_company_manager(user) or (self.everyone and user.role in self.everyone):
            return None
        alternatives = [(path, user) for path in (self.owner, *self.assigned) if path]
        if is_manager(user) and user.team_id:
            teams = (self.team,) if isinstance(self.team, str) else self.team
            alternatives += [(path, user.team_id) for path in teams]
        # Alternatives on one table (a receivable's contract__owner or contract__team) stay a plain OR on the join.
        spans_tables = len({path.rpartition("__")[0] for path, _ in alternatives}) > 1
        mine = Q(pk__in=[])
        for path, value in alternatives:
            if model is not None and spans_tables and "__" in path:
                mine |= Q(pk__in=model._default_manager.filter(**{path: value}).values("pk"))
            else:
                mine |= Q(**{path: value})
        return mine

    def filter(self, qs, user):
        if not user.is_authenticated:
            return qs.none()
        condition = self.q(user, qs.model)
        return qs if condition is None else qs.filter(condition)

    def contains(self, user, obj) -> bool:
        """Whether `user` sees `obj` (one indexed query)."""
        return self.filter(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters for `user`: an `owner` filter (if declared) offers only the staff the user sees, and only
    to managers (a salesperson's list is their own rows); `owner_roles` narrows it to the roles that own such rows.
    Widgets get Bootstrap classes; a `q` field is the big search box."""

    owner_roles: tuple = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "owner" in self.filters:
            if is_manager(user):
                staff = visible_staff(user)
                if self.owner_roles:
                    staff = staff.filter(role__in=self.owner_roles)
                self.filters["owner"].queryset = staff.order_by("last_name", "first_name", "username")
            else:
                del self.filters["owner"]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "styled", False):
            bootstrap_widgets(form)
            if "q" in form.fields:
                form.fields["q"].widget.attrs["class"] = "form-control"
            form.styled = True
        return form
