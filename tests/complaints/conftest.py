"""Fixtures of the complaint tests: customer relations (who receive and coordinate), a salesperson who is complained
about, a handler, the team's and the company's managers, a customer, and a complaint recorded a few days ago."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from customers.services import customer_create
from decocrm.accounts.choices import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED_AT = datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)  # a Monday


def later(hours=0, days=0, base=RECEIVED_AT):
    return base + timedelta(hours=hours, days=days)


@pytest.fixture
def relations(make_staff, team):
    return make_staff(Role.CUSTOMER_RELATIONS, team=None)


@pytest.fixture
def accused(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture
def handler(make_staff, team):
    return make_staff(Role.AFTER_SALES, team=team)


@pytest.fixture
def customer(salesperson, company_manager):
    return customer_create(by=company_manager, owner=salesperson, name="王女士", phone="13800138000")


def record(by, *, at=RECEIVED_AT, **fields):
    from complaints.services import complaint_record

    fields.setdefault("channel", "hotline")
    fields.setdefault("content", "墙面开裂无人处理")
    fields.setdefault("demand", "上门修补")
    return complaint_record(by=by, at=at, **fields)


@pytest.fixture
def complaint(relations, customer, accused):
    return record(relations, customer=customer, accused_staff=accused)
