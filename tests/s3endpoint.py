"""A real S3 endpoint for the object-storage tests: moto's server (`moto[server]`, requirements-dev.txt) on a free
loopback port, started by the test itself, spoken to over HTTP by boto3, django-storages and urllib.

moto 5.2 serves any GET whose query carries "Signature=" without checking that signature or its expiry, where a
real store (AWS, MinIO, Alibaba OSS, Tencent COS) answers 403. So presigned requests pass, in front of moto, the two
checks the real store makes: the SigV4 signature recomputed with botocore's own signer from the endpoint's secret,
and X-Amz-Date + X-Amz-Expires against the clock. Everything else is moto's.
"""

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import boto3
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every request otherwise

ACCESS_KEY = "decocrm-test-key"
SECRET_KEY = "decocrm-test-secret"  # noqa: S105 (a key of the throw-away test endpoint)
REGION = "us-east-1"
BUCKET = "decocrm-uploads"


def _refusal(environ) -> str:
    """Why a real store would refuse this presigned request ("" when it would serve it)."""
    raw_query = environ.get("QUERY_STRING", "")
    query = parse_qs(raw_query, keep_blank_values=True)
    if "X-Amz-Signature" not in query:
        return ""
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    if datetime.now(UTC) > signed_at + timedelta(seconds=int(query["X-Amz-Expires"][0])):
        return "Request has expired"
    unsigned = "&".join(part for part in raw_query.split("&") if not part.startswith("X-Amz-Signature="))
    path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ["PATH_INFO"]
    request = AWSRequest(
        method=environ["REQUEST_METHOD"], url=f"http://{environ['HTTP_HOST']}{path.split('?')[0]}?{unsigned}"
    )
    request.context["timestamp"] = query["X-Amz-Date"][0]
    auth = S3SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION, expires=int(query["X-Amz-Expires"][0]))
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    return "" if expected == query["X-Amz-Signature"][0] else "SignatureDoesNotMatch"


def _checking_presigned(app):
    def application(environ, start_response):
        refusal = _refusal(environ)
        if refusal:
            start_response("403 Forbidden", [("Content-Type", "application/xml")])
            return [f"<Error><Code>AccessDenied</Code><Message>{refusal}</Message></Error>".encode()]
        return app(environ, start_response)

    return application


class S3Endpoint(ThreadedMotoServer):
    """moto's threaded server on 127.0.0.1, a free port, behind the presigned-URL checks above."""

    def __init__(self):
        super().__init__(ip_address="127.0.0.1", port=0, verbose=False)

    def _server_entry(self) -> None:
        app = _checking_presigned(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    @property
    def url(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(signature_version="s3v4"),
        )

    def storage_options(self, **overrides) -> dict:
        """settings.STORAGES["default"] as settings.py builds it from the environment for this endpoint."""
        options = {
            "bucket_name": BUCKET,
            "endpoint_url": self.url,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "location": "",
            "querystring_expire": 60,
            **overrides,
        }
        return {"BACKEND": "decocrm.core.s3.S3Uploads", "OPTIONS": options}
