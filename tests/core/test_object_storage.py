"""Uploads on an S3-compatible store (decocrm.core.storage / decocrm.core.s3) against a real endpoint over HTTP
(tests/s3endpoint.py: moto's server on a loopback port, checking presigned URLs as a real store does): a photo
uploaded through the page lands in the private bucket under a random name; the page shows it through the scoped
view, which answers whoever may see it with a redirect to a signed URL that serves the same bytes, refuses anyone
else before any URL exists, and whose URL dies after UPLOAD_URL_EXPIRY; a replaced scan leaves the bucket; the backup
command leaves the bucket to the store."""

import json
import re
import tarfile
import time
from io import StringIO
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from aftersales.models import RepairTicket
from customers.archives.choices import DocumentStage
from customers.archives.services import item_check, item_receive
from decocrm.accounts.choices import Role
from decocrm.core.s3 import S3Uploads
from decocrm.core.storage import LocalUploads
from tests.aftersales.conftest import completed as completed
from tests.archives.conftest import clerk as clerk
from tests.archives.conftest import file_of, later
from tests.core.test_settings import PRODUCTION_ENV, _manage
from tests.factories import TeamFactory
from tests.projects.conftest import approved as approved
from tests.projects.conftest import capture as capture
from tests.projects.conftest import pm as pm
from tests.projects.conftest import project as project
from tests.projects.conftest import signed as signed
from tests.s3endpoint import BUCKET, S3Endpoint
from tests.uploads import PNG, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def s3_endpoint():
    endpoint = S3Endpoint()
    endpoint.start()
    endpoint.client().create_bucket(Bucket=BUCKET)
    yield endpoint
    endpoint.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """Uploads go to the endpoint's bucket, configured as settings.py does when AWS_STORAGE_BUCKET_NAME is set; the
    bucket is emptied afterwards. Yields a boto3 client of the endpoint."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_endpoint.storage_options()}
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    client = s3_endpoint.client()
    yield client
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)


def keys(client, prefix="") -> list:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def fetch(url):
    with urlopen(url, timeout=10) as response:  # noqa: S310 (the loopback test endpoint)
        return response.read(), response.headers


def refusal(url) -> HTTPError:
    with pytest.raises(HTTPError) as refused:
        fetch(url)
    return refused.value


def intake(client, project, photo_name="漏水.png"):
    """A repair request with a photo, recorded through the customer's intake page."""
    item = project.contract.warranty_items.get(name__contains="防水")
    data = {"channel": "wechat", "project": project.pk, "warranty_item": item.pk, "item": "", "description": "阳台渗水",
            "contact_name": "张太太", "contact_phone": "139 1234 5678", "contact_checked": "on",
            "photos": upload(photo_name, PNG, "image/png")}  # fmt: skip
    response = client.post(reverse("aftersales:intake", args=[project.customer_id]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = RepairTicket.objects.get()
    return ticket, ticket.photos.get()


def test_the_default_stays_on_local_disk():
    assert isinstance(storages["default"], LocalUploads)


def test_the_environment_names_the_bucket():
    """settings.py with the variables of a MinIO deployment: a private S3 backend, signing for UPLOAD_URL_EXPIRY, and
    the endpoint allowed as a source of the pages' images (the scoped views redirect there)."""
    env = {**PRODUCTION_ENV, "AWS_STORAGE_BUCKET_NAME": "decocrm", "AWS_S3_ENDPOINT_URL": "https://minio.example.com",
           "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_S3_ADDRESSING_STYLE": "path",
           "UPLOAD_URL_EXPIRY": "30"}  # fmt: skip
    show = (
        "import json; from django.conf import settings; from django.core.files.storage import storages; "
        "s = storages['default']; print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, "
        "s.querystring_auth, s.querystring_expire, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    result = _manage("shell", "-c", show, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "S3Uploads", "decocrm", "https://minio.example.com", None, True, 30,
        ["'self'", "data:", "https://minio.example.com", "https://*.minio.example.com"],
    ]  # fmt: skip
    assert _manage("check", "--deploy", "--fail-level", "WARNING", env=env).returncode == 0


def test_a_photo_uploaded_through_the_page_lands_in_the_bucket_and_is_served_by_a_signed_url(
    client, bucket, s3_endpoint, completed, team_manager
):
    client.force_login(team_manager)
    ticket, photo = intake(client, completed)
    assert keys(bucket, "aftersales/") == [photo.file.name]
    assert re.fullmatch(r"aftersales/\d+/photos/[0-9a-f]{32}\.png", photo.file.name), photo.file.name  # not "漏水.png"
    stored = bucket.get_object(Bucket=BUCKET, Key=photo.file.name)["Body"].read()
    assert stored.startswith(b"\x89PNG")
    assert refusal(f"{s3_endpoint.url}/{BUCKET}/{photo.file.name}").code == 403  # the bucket is private

    photo_url = reverse("aftersales:photo", args=[ticket.pk, photo.pk])
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert f'src="{photo_url}"' in page and s3_endpoint.url not in page  # the thumbnail goes through the check
    response = client.get(photo_url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    signed = response["Location"]
    assert signed.startswith(f"{s3_endpoint.url}/{BUCKET}/{photo.file.name}?") and "X-Amz-Expires=60&" in signed
    body, headers = fetch(signed)
    assert body == stored
    assert headers["Content-Type"] == "image/png"  # ours, fixed by the signature
    assert (
        headers["Content-Disposition"].startswith("inline;")
        and "filename*=UTF-8''%E6%BC%8F%E6%B0%B4.png" in (headers["Content-Disposition"])
    )
    tampered = signed.replace("response-content-type=image%2Fpng", "response-content-type=text%2Fhtml")
    assert tampered != signed and refusal(tampered).code == 403


def test_someone_who_cannot_see_the_ticket_gets_no_url(client, bucket, completed, team_manager, make_staff):
    client.force_login(team_manager)
    ticket, photo = intake(client, completed)
    client.force_login(make_staff(Role.SALES, team=TeamFactory()))  # another team's: not their customer
    response = client.get(reverse("aftersales:photo", args=[ticket.pk, photo.pk]))
    assert response.status_code == 404 and not response.has_header("Location")
    assert b"X-Amz" not in response.content and BUCKET.encode() not in response.content


def test_a_signed_url_dies_after_its_expiry(client, bucket, completed, team_manager, settings):
    settings.UPLOAD_URL_EXPIRY = 1
    client.force_login(team_manager)
    ticket, photo = intake(client, completed)
    signed = client.get(reverse("aftersales:photo", args=[ticket.pk, photo.pk]))["Location"]
    assert "X-Amz-Expires=1&" in signed
    time.sleep(2.1)
    refused = refusal(signed)
    assert refused.code == 403 and b"expired" in refused.read()
    # a new check, a new URL; one that lives long enough to be fetched (signatures count whole seconds: a 1 s URL may
    # be dead before a busy machine fetches it)
    settings.UPLOAD_URL_EXPIRY = 60
    fresh = client.get(reverse("aftersales:photo", args=[ticket.pk, photo.pk]))["Location"]
    assert fetch(fresh)[0] == bucket.get_object(Bucket=BUCKET, Key=photo.file.name)["Body"].read()


def test_a_replaced_scan_is_deleted_from_the_bucket(bucket, salesperson, clerk, django_capture_on_commit_callbacks):
    file = file_of(salesperson)
    item = file.items.filter(stage=DocumentStage.SIGNING).first()
    item_receive(item=item, by=clerk, at=later(file.opened_at))
    with django_capture_on_commit_callbacks(execute=True):
        first = item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=True,
                           scan=SimpleUploadedFile("合同.pdf", pdf_bytes(), "application/pdf")).scan.name  # fmt: skip
    assert keys(bucket, "archives/") == [first] and "合同" not in first
    with django_capture_on_commit_callbacks(execute=True):
        rescan = SimpleUploadedFile("合同-重扫.pdf", pdf_bytes(), "application/pdf")
        second = item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=True,
                            scan=rescan).scan.name  # fmt: skip
    assert second != first and keys(bucket, "archives/") == [second]


def test_names_are_random_and_only_the_views_sign_urls(bucket):
    assert isinstance(storages["default"], S3Uploads)
    name = default_storage.generate_filename("contracts/2026/12/合同 <final>.PDF")
    assert re.fullmatch(r"contracts/2026/12/[0-9a-f]{32}\.pdf", name), name
    assert default_storage.url(name) == f"/media/{name}"  # what the admin shows, unserved: only the views sign
    local = LocalUploads().generate_filename("imports/2026/12/客户 x.exe;.XLSX")
    assert re.fullmatch(r"imports/2026/12/[0-9a-f]{32}\.xlsx", local), local


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="backups: PostgreSQL"
)
def test_the_backup_leaves_the_bucket_to_the_store(bucket, tmp_path, salesperson, clerk, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "stale").mkdir(parents=True)
    (settings.MEDIA_ROOT / "stale" / "old.pdf").write_bytes(b"%PDF-1.4 left on disk")
    out = StringIO()
    call_command("backup", str(tmp_path / "backup.tar"), stdout=out)
    assert "Media files skipped: uploads are in the bucket decocrm-uploads" in out.getvalue()
    with tarfile.open(tmp_path / "backup.tar") as tar:
        assert not [name for name in tar.getnames() if name.startswith("media")]
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["media_files"] == 0 and "versioning" in manifest["media_skipped"]
