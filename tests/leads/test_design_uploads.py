"""Uploads on the design panel, through the pages and the services: the whole file is checked by its type, images are
stored as their pixels only, and downloads are served with our own type (attachment unless an image) and nosniff."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from leads.choices import LeadState
from leads.models import DesignProposal, Lead, MeasurementVisit
from leads.services import measurement_record
from tests.uploads import (
    DWG,
    DXF,
    HOSTILE_HTML,
    JPEG,
    PDF,
    PNG,
    WEBP,
    image_bytes,
    png_declaring,
    upload,
)

from .design_helpers import ROOMS, VISIT, add_proposal, book_measurement, measured, qualified

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(name, lead, *args):
    return reverse(f"leads:{name}", args=[lead.pk, *args])


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def measurement_data(**files):
    data = {"measurement-held_at": "2026-03-04T10:00", "measurement-rooms": "客厅 5.2 4.0 2.8"}
    data.update({f"measurement-{name}": value for name, value in files.items()})
    return data


def proposal_data(*renderings):
    return {"proposal-style": "现代简约", "proposal-quote_amount": "186000", "proposal-construction_days": "75",
            "proposal-renderings": list(renderings)}  # fmt: skip


def body(response):
    return b"".join(response.streaming_content)


def test_a_png_with_html_appended_is_stored_as_its_pixels_only(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    polyglot = PNG + HOSTILE_HTML
    response = client.post(url("measurement_record", lead), measurement_data(photos=[upload("site.png", polyglot)]))
    assert response.status_code == 302
    photo = MeasurementVisit.objects.get(lead=lead).photos.get()
    with photo.file.open("rb") as handle:
        kept = handle.read()
    assert b"<html" not in kept and b"<script" not in kept
    assert Image.open(io.BytesIO(kept)).tobytes() == Image.open(io.BytesIO(PNG)).tobytes()
    served = client.get(url("design_file", lead, "photo", photo.pk))
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline")  # an image may be shown in the page
    assert "sandbox" in served["Content-Security-Policy"] and body(served) == kept


def test_html_renamed_dxf_as_the_floor_plan_is_refused_and_nothing_is_written(client, capture, salesperson, tmp_path):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    fake = upload("户型.dxf", b"0\n" + HOSTILE_HTML + b"\n", content_type="image/vnd.dxf")
    response = client.post(url("measurement_record", lead), measurement_data(floor_plan=fake), **HX)
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert "“户型.dxf” does not look like a .dxf file" in response.content.decode()
    assert not MeasurementVisit.objects.exists() and not stored_files(tmp_path)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASUREMENT_SCHEDULED


@pytest.mark.parametrize(
    ("rendering", "message"),
    [
        (upload("r.png", image_bytes("PNG", (300, 200))[:-40]), "“r.png” does not look like a .png file"),  # truncated
        (upload("r.png", JPEG), "“r.png” does not look like a .png file"),  # a JPEG named .png
        (upload("r.png", png_declaring(20_000, 20_000)), "“r.png” has too many pixels"),  # a decompression bomb
        (upload("r.pdf", b"%PDF-1.7\n" + HOSTILE_HTML + b"\n%%EOF"), "“r.pdf” contains web page code"),
        (upload("r.dwg", b"AC1032" + HOSTILE_HTML), "“r.dwg” contains web page code"),
    ],
    ids=["truncated", "jpeg-as-png", "bomb", "html-in-pdf", "html-in-dwg"],
)
def test_broken_or_hostile_renderings_are_refused_by_name(client, capture, salesperson, tmp_path, rendering, message):
    lead = measured(capture, salesperson)
    client.force_login(salesperson)
    response = client.post(url("proposal_add", lead), proposal_data(upload("ok.png", PNG), rendering))
    assert response.status_code == 400 and message in response.content.decode()
    assert not DesignProposal.objects.exists() and not stored_files(tmp_path)


def test_valid_files_of_every_kind_are_accepted_on_the_proposal_form(client, capture, salesperson):
    lead = measured(capture, salesperson)
    client.force_login(salesperson)
    files = [upload("a.png", PNG), upload("b.jpg", JPEG), upload("c.webp", WEBP), upload("d.pdf", PDF),
             upload("e.dxf", DXF), upload("f.dwg", DWG)]  # fmt: skip
    response = client.post(url("proposal_add", lead), proposal_data(*files))
    assert response.status_code == 302
    assert sorted(f.original_name for f in lead.proposals.get().files.all()) == [f.name for f in files]


def test_the_service_checks_uploads_itself_and_writes_nothing_on_a_bad_one(capture, salesperson, tmp_path):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    with pytest.raises(ValidationError) as refused:
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=upload("p.pdf", PDF),
                           photos=[upload("ok.png", PNG), upload("bad.png", JPEG)])  # fmt: skip
    assert refused.value.message_dict == {"photos": ["“bad.png” does not look like a .png file; it may be damaged "
                                                     "or renamed."]}  # fmt: skip
    assert not stored_files(tmp_path) and not MeasurementVisit.objects.exists()
    visit = measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS,
                               photos=[upload("site.png", PNG + HOSTILE_HTML)])  # fmt: skip
    with visit.photos.get().file.open("rb") as handle:
        assert b"<html" not in handle.read()


def test_downloads_carry_our_type_and_are_attachments_unless_images(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    # the uploader's browser claims HTML: never repeated to the next person
    plan = upload("户型.pdf", PDF, content_type="text/html")
    visit = measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=plan)
    files = [upload("x.dxf", DXF, "text/html"), upload("y.dwg", DWG), upload("z.webp", WEBP), upload("w.jpg", JPEG)]
    proposal = add_proposal(Lead.objects.get(pk=lead.pk), salesperson, files=files)
    client.force_login(salesperson)
    targets = [(url("design_file", lead, "plan", visit.pk), "application/pdf", PDF)]
    files = {f.original_name: f for f in proposal.files.all()}
    targets += [(url("design_file", lead, "proposal", files["x.dxf"].pk), "application/octet-stream", DXF),
                (url("design_file", lead, "proposal", files["y.dwg"].pk), "application/octet-stream", DWG)]  # fmt: skip
    for target, content_type, content in targets:
        response = client.get(target)
        assert response.status_code == 200, target
        assert response["Content-Type"] == content_type and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment; filename="), target
        assert body(response) == content
    for name, content_type in (("z.webp", "image/webp"), ("w.jpg", "image/jpeg")):
        response = client.get(url("design_file", lead, "proposal", files[name].pk))
        assert response["Content-Type"] == content_type and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert "private" in response["Cache-Control"]


def test_files_download_under_the_name_they_were_uploaded_with_and_are_stored_under_a_random_one(
    client, capture, salesperson
):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    plan = upload("张先生家户型图.pdf", PDF)
    visit = measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=plan)
    proposal = add_proposal(Lead.objects.get(pk=lead.pk), salesperson, files=[upload("客厅效果图.jpg", JPEG)])
    assert "户型" not in visit.floor_plan.name and visit.floor_plan_name == "张先生家户型图.pdf"
    client.force_login(salesperson)
    response = client.get(url("design_file", lead, "plan", visit.pk))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.pdf\"; filename*=UTF-8''"
        "%E5%BC%A0%E5%85%88%E7%94%9F%E5%AE%B6%E6%88%B7%E5%9E%8B%E5%9B%BE.pdf"
    )
    rendering = proposal.files.get()
    response = client.get(url("design_file", lead, "proposal", rendering.pk))
    assert response["Content-Disposition"].startswith("inline; filename=\"download.jpg\"; filename*=UTF-8''")
    assert "%E5%AE%A2%E5%8E%85" in response["Content-Disposition"]  # 客厅
