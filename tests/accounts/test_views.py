import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from decocrm.accounts.choices import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "set_language", "healthz", "healthz_sweep", "favicon"}
# Monitoring answers a stranger with a 404, not a way to the login page: it is for a scraper with its token
# (tests/sla/test_monitoring.py).
HIDDEN = {"metrics"}


def _argless_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue  # the admin site guards itself (staff only); tested below
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _argless_url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.regex.groups:
            yield prefix + p.name


def test_every_page_but_login_requires_login(client):
    names = sorted(set(_argless_url_names()) - PUBLIC)
    assert "home" in names and "password_change" in names
    for name in sorted(HIDDEN):
        assert client.get(reverse(name)).status_code == 404, name
    for name in sorted(set(names) - HIDDEN):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_wrong_password_shows_a_clear_error(client, salesperson):
    response = client.post(reverse("login"), {"username": salesperson.username, "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_lands_on_my_work_in_chinese(client, salesperson):
    response = client.post(reverse("login"), {"username": salesperson.username, "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    body = response.content.decode()
    assert "我的工作" in body
    assert 'lang="zh-hans"' in body


def test_language_switch_to_english(client, salesperson):
    client.force_login(salesperson)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True)
    assert "My work" in response.content.decode()


def test_logout_is_a_post(client, salesperson):
    client.force_login(salesperson)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_change_password(client, salesperson):
    client.force_login(salesperson)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "a-new-long-pass-42", "new_password2": "a-new-long-pass-42"},
    )
    assert response["Location"] == reverse("password_change_done")
    salesperson.refresh_from_db()
    assert salesperson.check_password("a-new-long-pass-42")


def test_admin_site_is_for_staff_only(client, salesperson, make_staff):
    client.force_login(salesperson)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    clerk = make_staff(Role.ARCHIVE_CLERK)
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 200


def test_navigation_shows_each_role_its_pages(client, salesperson, make_staff):
    client.force_login(salesperson)
    body = client.get(reverse("home")).content.decode()
    assert 'href="/admin/"' not in body
    clerk = make_staff(Role.ARCHIVE_CLERK)
    client.force_login(clerk)
    body = client.get(reverse("home")).content.decode()
    assert 'href="/admin/"' in body


def test_home_page_query_count(client, salesperson, django_assert_max_num_queries):
    client.force_login(salesperson)
    # session, user, unread count, my overdue and my next clocks, my leads (leads' card)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("home")).status_code == 200


def test_healthz_is_public(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
