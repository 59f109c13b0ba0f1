import pytest
from django.contrib.auth.models import Permission

from customers.choices import ContactRole
from customers.services import contact_person_add, customer_create, customer_update
from decocrm.accounts.choices import Role

ID = "110101199003071234"
PHONE = "13955550000"
BOSS_PHONE = "13955556666"
BUYER_PHONE = "13955557777"


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK)  # admin-site access with the clerk group's permissions only


@pytest.fixture
def gm(make_staff):
    gm = make_staff(Role.MANAGER, company_wide=True)
    gm.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    return gm


@pytest.fixture
def company(salesperson):
    """An organisation with background, an ID number (its legal person's), a decision maker and a buyer; its phone
    changed once (a history entry)."""
    customer = customer_create(by=salesperson, owner=salesperson, name="华装公司", phone="13955559999",
                               is_organisation=True, occupation="企业主", id_number=ID)  # fmt: skip
    customer = customer_update(customer=customer, by=salesperson, phone=PHONE)
    contact_person_add(customer=customer, by=salesperson, name="老板王总", role=ContactRole.DECISION_MAKER,
                       phone=BOSS_PHONE)  # fmt: skip
    contact_person_add(customer=customer, by=salesperson, name="采购小李", role=ContactRole.PURCHASER,
                       phone=BUYER_PHONE)  # fmt: skip
    return customer
