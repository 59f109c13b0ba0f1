"""decocrm.core.net.client_ip: X-Forwarded-For is believed only as far as our own proxies wrote it."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from decocrm.core.net import client_ip
from tests.factories import TEST_PASSWORD


def _request(remote="10.9.8.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="203.0.113.5")) == "10.9.8.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),  # one nginx appended the client's address
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # whatever the client wrote in front is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # CDN then nginx
        (2, "203.0.113.5", "10.9.8.7"),  # shorter than our proxy chain: not believed
        (1, "not-an-address", "10.9.8.7"),
        (1, "", "10.9.8.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_address_they_saw_counts(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_address_lockout(client, make_staff):
    """By default every guess from one address counts for that address, whatever X-Forwarded-For says."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        victim = make_staff()
        client.post(reverse("login"), {"username": victim.username, "password": "x"}, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
    someone = make_staff()
    response = client.post(reverse("login"), {"username": someone.username, "password": TEST_PASSWORD},
                           HTTP_X_FORWARDED_FOR="7.7.7.7")  # fmt: skip
    assert response.status_code == 429
