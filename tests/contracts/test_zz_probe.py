import pytest
from datetime import date
from contracts.choices import DesignChangeState
from contracts.models import DesignChange
from contracts.services import contract_change_agreement, design_change_request
from tests.querycount import queries_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["salesperson", "company_manager"])
def test_probe(client, signed, salesperson, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    contract_change_agreement(contract=signed, by=salesperson, content="延期", extension_days=1,
        signed_on=date(2026, 4, 1), company_sealed=True, customer_signed=True)
    for state in ("requested", "assessed", "accepted", "declined"):
        c = design_change_request(contract=signed, by=salesperson, content="改色", reason="喜好")
        DesignChange.objects.filter(pk=c.pk).update(state=state)
    client.get(signed.get_absolute_url())
    _, queries = queries_of(client, signed.get_absolute_url())
    with open(f"/tmp/bench10/q-{who}.txt", "w") as f:
        for q in queries:
            f.write(q[:300] + "\n\n")
    print(who, len(queries))
