"""Customer pages: scoped list and detail, sensitive fields and decision-maker contacts for managers only, and a
constant number of queries on the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.choices import ContactRole
from customers.services import contact_person_add, customer_create
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _customer(owner, name, phone, **fields):
    return customer_create(by=owner, owner=owner, name=name, phone=phone, **fields)


def test_list_search_and_detail_are_scoped(client, salesperson, colleague):
    mine = _customer(salesperson, "吴女士", "13811112222")
    theirs = _customer(colleague, "郑先生", "13833334444")
    client.force_login(salesperson)
    page = client.get(reverse("customers:list")).content.decode()
    assert "吴女士" in page and "郑先生" not in page
    page = client.get(reverse("customers:list"), {"q": "3333444"}).content.decode()
    assert 'id="no-customers"' in page
    page = client.get(reverse("customers:list"), {"q": "1111222"}).content.decode()
    assert f'data-customer="{mine.pk}"' in page
    assert client.get(reverse("customers:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("customers:detail", args=[mine.pk])).status_code == 200


def test_sensitive_fields_and_decision_makers_only_for_managers(client, salesperson, team_manager):
    customer = _customer(
        salesperson, "华装公司", "", is_organisation=True, occupation="企业主", id_number="110101199003071234"
    )
    contact_person_add(
        customer=customer, by=salesperson, name="老板王总", role=ContactRole.DECISION_MAKER, phone="13955556666"
    )
    contact_person_add(
        customer=customer, by=salesperson, name="采购小李", role=ContactRole.PURCHASER, phone="13955557777"
    )
    url = reverse("customers:detail", args=[customer.pk])
    client.force_login(salesperson)
    page = client.get(url).content.decode()
    assert "采购小李" in page and "老板王总" not in page and "110101199003071234" not in page and "企业主" not in page
    client.force_login(team_manager)
    page = client.get(url).content.decode()
    assert "老板王总" in page and "110101199003071234" in page


def test_customer_list_runs_as_many_queries_for_20_rows_as_for_1(client, salesperson, team_manager):
    made = []

    def add(n):
        for _ in range(n):
            made.append(_customer(salesperson, f"客户{len(made)}", f"1381111{len(made):04d}"))

    client.force_login(team_manager)
    page = assert_constant_queries(client, reverse("customers:list"), add).content.decode()
    assert all(f'data-customer="{customer.pk}"' in page for customer in made)


@pytest.mark.parametrize("rows", [5, 50])
def test_customer_list_runs_a_constant_number_of_queries(client, salesperson, team_manager, rows):
    for i in range(rows):
        _customer(salesperson, f"客户{i}", f"1380000{i:04d}")
    client.force_login(team_manager)
    client.get(reverse("customers:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("customers:list"), {"page": 2 if rows > 25 else 1}).status_code == 200
    assert len(queries) <= 8, "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_customer_page_names_the_location_in_the_readers_language(client, salesperson, settings):
    from customers.services import district_ensure

    district = district_ensure(name="临平区", city="杭州市", is_urban=False)
    customer = _customer(salesperson, "冯女士", "13811115555", district=district, address="江南大道 45 号")
    client.force_login(salesperson)
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "郊区" in page and "suburban" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Suburban" in client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
