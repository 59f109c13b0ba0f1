"""Shared people and steps for the appeal tests: a collision between two salespeople of one team, the team's
department manager, quality control (品控中心) and the general office (总经办) as the groups superusers fill."""

import pytest
from django.contrib.auth.models import Group

from decocrm.accounts.choices import Role
from leads.apps import GENERAL_OFFICE_GROUP, QUALITY_CONTROL_GROUP
from leads.services import LeadCollisionError


def put_in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    user.__dict__.pop("_granted_permissions", None)
    return user


@pytest.fixture
def collision(capture, salesperson, colleague):
    """`salesperson` owns 赵女士; `colleague` (same team) entered her again."""
    capture(salesperson, name="赵女士", phone="13700001111")
    with pytest.raises(LeadCollisionError) as info:
        capture(colleague, name="赵女士", phone="13700001111")
    return info.value.collision


@pytest.fixture
def quality_control(make_staff):
    return put_in_group(make_staff(Role.MANAGER, first_name="品控"), QUALITY_CONTROL_GROUP)


@pytest.fixture
def general_office(make_staff):
    return put_in_group(make_staff(Role.MANAGER, first_name="总经办"), GENERAL_OFFICE_GROUP)
