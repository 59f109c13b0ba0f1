"""What a later stage does when a contract is signed, without `contracts` importing it: `projects` registers a
listener in its AppConfig.ready() that starts the construction project (ENGINEERING.md: an earlier stage learns of
a later one only through a hook the later one registers). Listeners run inside contract_sign's transaction: if one
refuses, the signing is undone."""

_SIGNED = []


def register_contract_signed_listener(listener) -> None:
    """`listener(contract, by=..., at=...)` runs when a contract is signed."""
    if listener not in _SIGNED:
        _SIGNED.append(listener)


def contract_signed_listeners() -> tuple:
    return tuple(_SIGNED)
