"""The after-sales models: revisits and the points customers raise (revisits.py)."""

from .revisits import Revisit, RevisitPoint, RevisitTransition

__all__ = ["Revisit", "RevisitPoint", "RevisitTransition"]
