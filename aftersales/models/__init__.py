"""The after-sales models: revisits and the points customers raised (revisits.py), satisfaction surveys and
improvement measures (surveys.py)."""

from .revisits import Revisit, RevisitPoint, RevisitTransition
from .surveys import SCORE_FIELDS, ImprovementMeasure, Survey

__all__ = ["SCORE_FIELDS", "ImprovementMeasure", "Revisit", "RevisitPoint", "RevisitTransition", "Survey"]
