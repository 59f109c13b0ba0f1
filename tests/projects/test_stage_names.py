"""A payment due on a stage's acceptance shows the stage's name, not its code, on the contract page and in the admin
(contracts.hooks.register_stage_namer: projects names the codes; contracts imports nothing from projects)."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from contracts.hooks import stage_names
from decocrm.accounts.choices import Role
from projects.models import StageTemplate

pytestmark = pytest.mark.django_db


def test_the_codes_are_named_in_the_readers_language_and_as_the_admin_renamed_them():
    with translation.override("en"):
        names = stage_names()
    assert (names["masonry"], names["completion"], names["hidden_works"]) == (
        "Masonry and tiling", "Completion", "Hidden works",
    )  # fmt: skip
    with translation.override("zh-hans"):
        assert stage_names()["masonry"] == "泥瓦"
    StageTemplate.objects.filter(code="masonry").update(name="泥瓦铺贴")
    with translation.override("en"):
        assert stage_names()["masonry"] == "泥瓦铺贴"  # the admin's own name, shown as typed


def test_the_contract_page_shows_the_stage_name(client, signed, salesperson, in_english):
    client.force_login(salesperson)
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "Due on the acceptance of Masonry and tiling" in page
    assert "Due on the acceptance of Completion" in page
    assert "Due on the acceptance of masonry" not in page


def test_the_admin_shows_the_stage_name(client, signed, make_staff, team, in_english):
    manager = make_staff(Role.MANAGER, team=team)
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="contracts"))
    client.force_login(manager)
    listing = client.get("/admin/contracts/paymentmilestone/").content.decode()
    assert "Masonry and tiling" in listing
    change = client.get(f"/admin/contracts/contract/{signed.pk}/change/").content.decode()
    assert "Masonry and tiling" in change
