"""Page details found on a phone (issue 9): date inputs in ISO in every language, /favicon.ico, gzipped pages, the
bell's accessible name, translated close buttons. The measured figures come from bench/phone.py."""

import gzip
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_report_dates_render_as_iso_which_a_date_input_shows(client, company_manager, language, time_machine):
    time_machine.move_to("2026-12-02 10:00 +08:00")
    client.force_login(company_manager)
    client.cookies["django_language"] = language
    html = client.get(reverse("leads:reports"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(r'<input type="date" name="date_from" value="2026-09-04"', html), "not ISO: the input is empty"
    assert re.search(r'<input type="date" name="date_to" value="2026-12-02"', html)


def test_dashboard_filter_dates_and_selects_are_bootstrap_controls(client, company_manager):
    client.force_login(company_manager)
    html = client.get(reverse("sla:dashboard"), {"due_from": "2026-09-04"}).content.decode()
    assert 'type="date" name="due_from" value="2026-09-04" class="form-control"' in html
    assert re.search(r'<select name="team" class="form-select"', html)


def test_favicon_ico_answers_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")
    assert client.get(response["Location"]).status_code in (200, 404)  # the test server serves no static files
    assert '<link rel="icon"' in client.get(reverse("login")).content.decode()


def test_pages_are_gzipped_for_clients_that_accept_it(client, salesperson):
    client.force_login(salesperson)
    response = client.get(reverse("leads:list"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "</html>" in html
    assert len(response.content) < len(html.encode()) / 2


def test_bell_name_is_its_visible_content_and_close_buttons_are_translated(client, salesperson):
    client.force_login(salesperson)
    with translation.override("en"):
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bell = re.search(r'<a [^>]*id="notification-bell"[^>]*>(.*?)</a>', html, re.S)
    assert "aria-label" not in bell.group(0)  # a label would replace the visible count
    assert '<span class="visually-hidden">' in bell.group(1)

    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "saved")
    with translation.override("zh-hans"):
        alert = render_to_string("includes/messages.html", {"messages": request._messages})
        assert f'class="btn-close" data-bs-dismiss="alert" aria-label="{translation.gettext("Close")}"' in alert
