"""The after-sales pages: revisits (revisits.py), satisfaction surveys (surveys.py)."""
