"""The access matrix: every URL pattern x anonymous and every role (ROLES) x an own and another owner's object, each
answered with the status its app declares. A pattern nobody declared fails tests/access/test_matrix.py.

A new app writes one file, tests/<app>/access.py (found by its name), and edits nothing else:
    from tests.access.matrix import LOGIN, Exempt, Row, scoped
    ROWS = [
        Row("contracts:list", {"*": 200}),  # "*": every signed-in role not named; anonymous -> LOGIN unless named
        Row("contracts:detail", scoped(200), make=lambda owner: {"pk": contract_for(owner).pk}),
        Row("contracts:sign", scoped(400, archive_clerk=403), make=..., method="POST", data={}, writes=()),
    ]
Keys are roles or GROUPS; values a status, LOGIN, or (own, other) when the row has `make` (owner -> URL kwargs): "own"
is made for `sales` (team A), "other" for a salesperson of team B. scoped() is the usual owner/team/company table.
A POST row also asks GET (405, or `get=`) and fails if a role outside `writes` changed a row; `children=("file_pk",)`
asks for the own parent with the other's child (404). `holes={role or (role, variant): "why"}` is a strict xfail.
"""

import fnmatch
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.services import team_set_manager
from tests.factories import StaffFactory, TeamFactory

TESTS_DIR = Path(__file__).resolve().parent.parent

LOGIN = "login"  # a 302 to the login page (what every page answers anonymous visitors)

ROLES = (
    "anonymous",
    "sales",  # owns the "own" object; team A
    "other_sales",  # another salesperson of team A: owns neither object
    "team_manager",  # manages team A
    "other_team_manager",  # manages team B, whose salesperson owns the "other" object
    "company_manager",  # a manager with company_wide=True
    "designer",
    "project_manager",
    "after_sales",
    "customer_relations",
    "archive_clerk",
    "superuser",
)
SIGNED_IN = ROLES[1:]
GROUPS = {
    # who sees an owned object: its owner, a manager of its team, the company managers
    "owners": ("sales", "team_manager", "other_team_manager", "company_manager", "superuser"),
    "managers": ("team_manager", "other_team_manager", "company_manager", "superuser"),
    "company": ("company_manager", "superuser"),
    "selling": ("sales", "other_sales", "team_manager", "other_team_manager", "company_manager", "superuser"),
    "non_selling": ("designer", "project_manager", "after_sales", "customer_relations", "archive_clerk"),
}
VARIANTS = ("own", "other")
NO_OBJECT = "-"
MIXED = "mixed"  # the own object with the other object's children (a row's `children` kwargs)
# Written by any signed-in request (sessions, login throttling), never a domain row.
BOOKKEEPING_TABLES = ("django_session", "axes_")


def scoped(status, **more) -> dict:
    """The usual scope of an owned object: its owner, the owner's team manager and the company managers get `status`
    (the other team's manager gets it for their team's object), everyone else 404. `more` overrides a role or group."""
    return {
        "sales": (status, 404),
        "team_manager": (status, 404),
        "other_team_manager": (404, status),
        "company": status,
        "*": 404,
        **more,
    }


@dataclass(frozen=True)
class Row:
    """One URL name's expected answers (see the module docstring)."""

    name: str
    expect: dict
    make: Callable | None = None  # owner -> the URL kwargs of an object that owner owns
    make_other: Callable | None = None  # the "other" object, when it differs in kind from the own one
    method: str = "GET"
    data: dict = field(default_factory=dict)  # the POST body; empty (invalid) is enough to see who is let in
    writes: tuple = ()  # roles/groups whose request may change rows (a valid POST that succeeds)
    get: object = 405  # what a GET of a POST row answers (the superuser asks)
    children: tuple = ()  # kwargs naming an object inside the parent: the superuser asks for own parent + other child
    holes: dict = field(default_factory=dict)  # role or (role, variant) -> why the current answer is wrong

    def __post_init__(self):
        """A misspelt role would silently fall to "*": refuse unknown keys."""
        known = {*ROLES, *GROUPS, "*"}
        hole_roles = {key[0] if isinstance(key, tuple) else key for key in self.holes}
        unknown = (set(self.expect) | set(self.writes) | hole_roles) - known
        if unknown:
            raise ValueError(f"{self.name}: unknown roles or groups {sorted(unknown)}; see ROLES and GROUPS")

    @property
    def variants(self):
        return VARIANTS if self.make else (NO_OBJECT,)

    def roles_of(self, keys) -> set:
        return {role for key in keys for role in GROUPS.get(key, (key,))}

    def expected(self, role: str, variant: str):
        """A role's own key wins over a group's, a group's over "*" (a role in two of the named groups is an error)."""
        found = [value for key, value in self.expect.items() if role in GROUPS.get(key, ())]
        if len(found) > 1:
            raise ValueError(f"{self.name}: {role} is in more than one group of {self.expect}")
        if role in self.expect:
            value = self.expect[role]
        elif found:
            value = found[0]
        elif role == "anonymous":
            value = LOGIN
        elif "*" in self.expect:
            value = self.expect["*"]
        else:
            raise ValueError(f"{self.name}: nothing says what {role} gets (add it or '*')")
        if isinstance(value, tuple):
            if variant == NO_OBJECT:
                raise ValueError(f"{self.name}: (own, other) given but the row has no `make`")
            value = value[VARIANTS.index(variant)]
        return value

    def hole(self, role: str, variant: str) -> str | None:
        return self.holes.get((role, variant)) or self.holes.get(role)


@dataclass(frozen=True)
class Exempt:
    """URL names (a name or a glob such as "admin:*") the matrix does not request, and why."""

    pattern: str
    reason: str


@dataclass(frozen=True)
class Case:
    row: Row
    role: str
    variant: str
    method: str
    expected: object

    @property
    def id(self):
        return f"{self.method} as {self.role} ({self.variant})"

    @property
    def may_write(self):
        if self.variant == MIXED or self.method != self.row.method:
            return False
        return self.role in self.row.roles_of(self.row.writes)


# --- Declarations and URL patterns


def declarations():
    """Every Row and Exempt of tests/*/access.py, in file order."""
    items = []
    for path in sorted(TESTS_DIR.glob("*/access.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access")
        items += list(module.ROWS)
    return items


def url_names() -> dict:
    """{full name: route} of every URL pattern, walking includes. A pattern without a name is named by its route."""
    found = {}

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner, route)
                continue
            name = pattern.name or f"<{route}>"
            found.setdefault(f"{namespace}:{name}" if namespace else name, route)

    walk(get_resolver().url_patterns, "", "")
    return found


def coverage_problems(items, names) -> list[str]:
    """What is wrong between the declarations and the URL conf: undeclared patterns, rows naming no pattern, names
    declared twice, exemptions that match nothing."""
    rows = [item for item in items if isinstance(item, Row)]
    exempts = [item for item in items if isinstance(item, Exempt)]
    problems = []
    seen = set()
    for row in rows:
        if row.name in seen:
            problems.append(f"{row.name}: declared twice")
        seen.add(row.name)
        if row.name not in names:
            problems.append(f"{row.name}: declared, but no URL pattern has this name")
    for exempt in exempts:
        if not any(fnmatch.fnmatchcase(name, exempt.pattern) for name in names):
            problems.append(f"exemption {exempt.pattern!r} matches no URL pattern")
    for name, route in names.items():
        exempt = any(fnmatch.fnmatchcase(name, e.pattern) for e in exempts)
        if name not in seen and not exempt:
            problems.append(f"{name} (/{route}): not declared in any tests/<app>/access.py")
    return problems


def row_cases(row):
    """Every (role, own/other) of a row with its method; a POST row adds one GET (405 unless it says)."""
    found = [
        Case(row, role, variant, row.method, row.expected(role, variant)) for variant in row.variants for role in ROLES
    ]
    if row.method == "POST":
        found.append(Case(row, "superuser", row.variants[0], "GET", row.get))
    if row.children:  # one parent's URL naming another parent's child: not found, even for who sees both
        found.append(Case(row, "superuser", MIXED, row.method, 404))
    return found


# --- The cast and the objects


class World:
    """The users of every role and each row's own/other objects, made once for the whole matrix."""

    def __init__(self, items):
        team, other_team = TeamFactory(name="矩阵A组"), TeamFactory(name="矩阵B组")
        staff = {
            "sales": (Role.SALES, team),
            "other_sales": (Role.SALES, team),
            "team_manager": (Role.MANAGER, team),
            "other_team_manager": (Role.MANAGER, other_team),
            "designer": (Role.DESIGNER, team),
            "project_manager": (Role.PROJECT_MANAGER, team),
            "after_sales": (Role.AFTER_SALES, team),
            "customer_relations": (Role.CUSTOMER_RELATIONS, team),
            "archive_clerk": (Role.ARCHIVE_CLERK, team),
            "outsider": (Role.SALES, other_team),  # owns the "other" objects; not a requesting role
        }
        self.users = {
            key: StaffFactory(role=role, team=t, username=f"matrix_{key}") for key, (role, t) in staff.items()
        }
        self.users["company_manager"] = StaffFactory(role=Role.MANAGER, company_wide=True, username="matrix_company")
        self.users["superuser"] = User.objects.create_superuser(username="matrix_root", password="x", email="r@x.test")
        team_set_manager(team=team, manager=self.users["team_manager"])
        team_set_manager(team=other_team, manager=self.users["other_team_manager"])
        self.sessions = {}  # signed in once per role: a case sends the session cookie instead of signing in again
        for role in SIGNED_IN:
            client = Client()
            client.force_login(self.users[role])
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        owners = {"own": self.users["sales"], "other": self.users["outsider"]}
        self.targets = {}
        for row in (item for item in items if isinstance(item, Row)):
            for variant in row.variants:
                try:
                    with transaction.atomic():  # a failing `make` leaves the others' objects alone
                        make = (row.make_other if variant == "other" else None) or row.make
                        self.targets[row.name, variant] = make(owners[variant]) if make else {}
                except Exception as error:  # reported by the row's test, not as one error for all rows
                    self.targets[row.name, variant] = error

    def url(self, case):
        variant = "own" if case.variant == MIXED else case.variant
        kwargs = self.targets[case.row.name, variant]
        if case.variant == MIXED:
            other = self.targets[case.row.name, "other"]
            kwargs = other if isinstance(other, Exception) else {**kwargs, **{k: other[k] for k in case.row.children}}
        if isinstance(kwargs, Exception):
            raise AssertionError(f"{case.row.name}: its `make` failed for {variant}") from kwargs
        return reverse(case.row.name, kwargs=kwargs)


# --- Running one case


def row_writes() -> dict:
    """Rows inserted, updated or deleted so far in this transaction, per table (bookkeeping tables left out).
    PostgreSQL counts them for us; elsewhere the row counts of every model stand in (inserts and deletes only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
            counts = dict(cursor.fetchall())
    else:
        counts = {model._meta.db_table: model._default_manager.count() for model in apps.get_models()}
    return {table: n for table, n in counts.items() if n and not table.startswith(BOOKKEEPING_TABLES)}


def describe(response) -> str:
    where = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


def answers(response, expected) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    to_login = response.status_code == 302 and response["Location"].split("?")[0] == login
    if expected == LOGIN:
        return to_login
    if expected == 302:  # a redirect somewhere else than the login page
        return response.status_code == 302 and not to_login
    return response.status_code == expected


def run(case: Case, world: World) -> str | None:
    """Request the case's URL as its role; what was wrong, or None."""
    url = world.url(case)
    client = Client()
    if case.role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[case.role]
    check_writes = case.row.method == "POST" and not case.may_write  # pages are read-only; their GET is not checked
    before = row_writes() if check_writes else None
    try:
        response = client.post(url, case.row.data) if case.method == "POST" else client.get(url)
    except Exception as error:  # the view raised (a 500): say which case, and go on with the others
        return f"{case.id}: {case.method} {url} raised {error!r}"
    if not answers(response, case.expected):
        return f"{case.id}: {case.method} {url}: expected {case.expected}, got {describe(response)}"
    if check_writes:
        changed = {t: n - before.get(t, 0) for t, n in row_writes().items() if n != before.get(t, 0)}
        if changed:
            return f"{case.id}: {case.method} {url} answered {case.expected} but changed rows: {changed}"
    return None


def check_row(row: Row, world: World):
    """Run every case of a row, each in a savepoint rolled back after it. Fails with every wrong answer; a declared
    hole that still answers wrongly makes the row xfail, and one that answers rightly fails it (remove the entry)."""
    wrong, still_open, fixed = [], {}, []
    for case in row_cases(row):
        with transaction.atomic():
            problem = run(case, world)
            transaction.set_rollback(True)
        hole = row.hole(case.role, case.variant) if case.method == row.method else None
        if hole:
            if problem:
                still_open.setdefault(hole, []).append(case.id)
            else:
                fixed.append(f"{case.id}: {hole}")
        elif problem:
            wrong.append(problem)
    assert not wrong, f"{row.name}: {len(wrong)} wrong answer(s):\n" + "\n".join(wrong)
    assert not fixed, f"{row.name}: these holes are closed now, remove them from `holes`:\n" + "\n".join(fixed)
    if still_open:
        pytest.xfail("; ".join(f"{', '.join(ids)}: {hole}" for hole, ids in still_open.items()))
