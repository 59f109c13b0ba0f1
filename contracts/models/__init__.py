"""The contracts' models: the contract with its warranty items, payments and documents (contract.py), and what
changes it once signed: change and termination agreements, design change requests (agreements.py)."""

from .agreements import ChangeAgreement, DesignChange, DesignChangeTransition, TerminationAgreement
from .contract import (
    FEN,
    Contract,
    ContractFile,
    ContractNumber,
    ContractTransition,
    PaymentMilestone,
    WarrantyItem,
)

__all__ = [
    "FEN",
    "ChangeAgreement",
    "Contract",
    "ContractFile",
    "ContractNumber",
    "ContractTransition",
    "DesignChange",
    "DesignChangeTransition",
    "PaymentMilestone",
    "TerminationAgreement",
    "WarrantyItem",
]
