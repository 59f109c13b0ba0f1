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


_READERS = []


def register_contract_reader(path: str) -> None:
    """A later stage names, by a path from the contract, staff who read a contract and act on none of it:
    `projects` names the project's manager ("project__manager"), since a signed copy goes to construction
    [seed 000 §6]. Readers see the terms, the money and the documents; only the salesperson and their managers
    act (contracts.permissions)."""
    if path not in _READERS:
        _READERS.append(path)


def contract_reader_paths() -> tuple:
    return tuple(_READERS)
