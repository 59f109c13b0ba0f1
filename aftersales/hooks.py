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
