"""What the later stages tell the archive, without the archive importing them (ENGINEERING.md: an earlier stage
learns of a later one only through a hook the later one registers). Each registers from its AppConfig.ready():

- `register_archive_stage(stage, reached=fn(customer_ids) -> set of customer ids)`: which of these customers reached
  a stage (projects: construction started, completion accepted). A file's checklist asks for a stage's documents
  once its customer reached it (services.checklist.file_checklist_refresh).
- `register_archive_history_source(fn(customer) -> [(date or datetime, label, url)])`: the customer's transactions
  (contracts, projects, tickets, complaints) shown on the file's page.
- `register_archive_credit_source(fn(customer) -> str or None)`: the customer's credit status (contracts: overdue
  payments).
- `register_system_document(value, label, seeded_kind=name)`: a document the later stage renders itself and files on
  the checklist item of the kind marked with it (services.system_documents; projects: the completion report).
- `register_clerk_home_section(fn(request) -> dict or None)`: a section of the clerk's home in the admin
  (templates/admin/index.html), e.g. the overdue borrowings: {"id": element id, "title": ..., "rows": [{"label",
  "url", "kind", "owner", "due_at"}], "empty": what to say when there are no rows}; None to show nothing.

The contract's signing and the repair ticket's closing reach the archive through those apps' own hooks
(contracts.hooks, aftersales.hooks), which they point at services.files.archive_file_due."""

_STAGES: dict[str, list] = {}
_HISTORY = []
_CREDIT = []
_CLERK_HOME = []


def _add(registry: list, fn):
    if fn not in registry:
        registry.append(fn)
    return fn


def register_archive_stage(stage, *, reached) -> None:
    _add(_STAGES.setdefault(str(stage), []), reached)


def stages_reached(customer_ids) -> dict[int, set[str]]:
    """{customer id: the stages a registered source says it reached}."""
    customer_ids = list(customer_ids)
    found: dict[int, set[str]] = {pk: set() for pk in customer_ids}
    for stage, sources in _STAGES.items():
        for source in sources:
            for pk in source(customer_ids):
                found.setdefault(pk, set()).add(stage)
    return found


def register_archive_history_source(fn):
    return _add(_HISTORY, fn)


def archive_history(customer) -> list[tuple]:
    rows = [row for source in _HISTORY for row in source(customer)]
    return sorted(rows, key=lambda row: str(row[0]), reverse=True)


def register_archive_credit_source(fn):
    return _add(_CREDIT, fn)


def archive_credit(customer) -> list[str]:
    return [text for source in _CREDIT if (text := source(customer))]


def register_clerk_home_section(fn):
    return _add(_CLERK_HOME, fn)


def clerk_home_sections(request) -> list[dict]:
    return [section for fn in _CLERK_HOME if (section := fn(request))]


# Documents the software itself files on a checklist item (services/system_documents.py): value -> (label, the name of
# the seeded document kind they go on). A later stage declares its own from its AppConfig.ready(); the seeded kind of
# that name is marked with it after each migrate (apps.py), and a company that renamed it marks its own in the admin.
_SYSTEM_DOCUMENTS: dict[str, tuple] = {}


def register_system_document(value: str, label, *, seeded_kind: str = "") -> str:
    _SYSTEM_DOCUMENTS[value] = (label, seeded_kind)
    return value


def system_document_choices() -> list[tuple[str, object]]:
    return [(value, label) for value, (label, _kind) in _SYSTEM_DOCUMENTS.items()]


def mark_system_document_kinds(DocumentKind) -> None:
    """Each registered document on the seeded kind of its name, unless a kind carries it already (the model of a
    migration state or the current one)."""
    for value, (_label, seeded_kind) in _SYSTEM_DOCUMENTS.items():
        if seeded_kind and not DocumentKind.objects.filter(system_document=value).exists():
            DocumentKind.objects.filter(name=seeded_kind, system_document="").update(system_document=value)
