"""Helpers of the appeal tests (their fixtures are in conftest.py)."""

from django.contrib.auth.models import Group


def put_in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    user.__dict__.pop("_granted_permissions", None)
    return user
