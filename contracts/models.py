"""Contracts models: added by the issue that builds this stage of the lifecycle."""
