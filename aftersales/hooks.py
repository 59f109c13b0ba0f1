"""What a later piece of work does when a repair ticket is closed, without `aftersales` knowing it: the after-sales
file's archive clock (issue 12) registers a listener from its AppConfig.ready(). Listeners run inside
ticket_close's transaction, after the ticket is saved: if one refuses, the closing is undone."""

_CLOSED = []


def register_ticket_closed_listener(listener) -> None:
    """`listener(ticket, by=..., at=...)` runs when a repair ticket is closed."""
    if listener not in _CLOSED:
        _CLOSED.append(listener)


def unregister_ticket_closed_listener(listener) -> None:
    if listener in _CLOSED:
        _CLOSED.remove(listener)


def ticket_closed_listeners() -> tuple:
    return tuple(_CLOSED)


# A revisit recorded against a clock tells the clock's subject, whose app keeps what the revisit means for it (the
# repair ticket's or the complaint's "revisit done", its timeline entry) and stops the clock. A subject whose model
# registered nothing just has its clock stopped.
_REVISIT_DONE = {}


def register_revisit_done(model, handler) -> None:
    """`handler(subject, *, by, at)` runs (in the revisit's transaction) when a revisit of a `model` object's
    revisit clock is recorded; it stops that clock."""
    _REVISIT_DONE[model] = handler


def revisit_done_handler(subject):
    for klass in type(subject).__mro__:
        if klass in _REVISIT_DONE:
            return _REVISIT_DONE[klass]
    return None


# The achieved revisit rate (revisited cases / closed cases, by month) of each kind of case the revisit policy
# samples (revisit_policy: "repair", "complaint"). Each app counts its own cases: aftersales its repair tickets,
# complaints its complaints (registered from ComplaintsConfig.ready()), one aggregate query each.
_CASES = {}


def register_revisit_cases(kind: str, label, counter) -> None:
    """`counter(user, since)` -> rows {"month", "closed", "revisited"}: the cases of `kind` the manager `user` sees
    that closed from `since` on, by month of closing, and how many of them were revisited."""
    _CASES[kind] = (label, counter)


def revisit_case_counters() -> dict:
    return dict(_CASES)
