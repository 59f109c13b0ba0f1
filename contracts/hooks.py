"""What a later stage does when a contract is signed or terminated, without `contracts` importing it: `projects`
registers listeners in its AppConfig.ready() — signing starts the construction project, termination stops it
(ENGINEERING.md: an earlier stage learns of a later one only through a hook the later one registers). Listeners run
inside the signing's (or the termination's) transaction: if one refuses, the whole change is undone.

Stage names: a payment due "on a stage's acceptance" stores the stage's code; `projects` tells contracts how to
name a code (register_stage_namer), so the contract pages show the stage's name, not its code.

Readers: `projects` names the project's manager as a reader of the contract (register_contract_reader)."""

_SIGNED = []
_TERMINATED = []
_STAGE_NAMERS = []


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


def register_contract_terminated_listener(listener) -> None:
    """`listener(contract, by=..., at=..., reason=...)` runs when a contract is terminated by agreement."""
    if listener not in _TERMINATED:
        _TERMINATED.append(listener)


def contract_terminated_listeners() -> tuple:
    return tuple(_TERMINATED)


def register_stage_namer(namer) -> None:
    """`namer()` returns {stage code: name in the active language} (the stages a payment may be due on)."""
    if namer not in _STAGE_NAMERS:
        _STAGE_NAMERS.append(namer)


def stage_names() -> dict:
    """{stage code: name} from every registered namer (empty when none is registered: codes are shown as they are)."""
    names = {}
    for namer in _STAGE_NAMERS:
        names.update(namer())
    return names


def stage_label(code: str, names: dict) -> str:
    """The name of stage `code` from `names` (stage_names()), or the code when no namer knows it."""
    return names.get(code, code) if code else ""
