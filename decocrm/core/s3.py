"""Uploads in an S3-compatible bucket (decocrm.core.storage explains the choice): a private bucket — objects carry
no ACL, so the bucket's own (private) policy applies — and signed, short-lived URLs only. Its own module so that a
deployment on local disk never imports boto3."""

from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from .storage import LocalUploads, RandomNames


class S3Uploads(RandomNames, S3Storage):
    def __init__(self, **settings):
        # Whatever the settings say: no public-read ACL, no unsigned URL, no custom domain (django-storages signs no
        # URL on one unless it is CloudFront), never overwrite an object.
        settings.update(default_acl=None, querystring_auth=True, custom_domain=None, file_overwrite=False)
        super().__init__(**settings)
        if not self.bucket_name:
            raise ImproperlyConfigured("S3Uploads needs a bucket (AWS_STORAGE_BUCKET_NAME).")

    def url(self, name, parameters=None, expire=None, http_method=None):
        """Only `signed_url`, called by a view after its access check, signs. Anything else asking a file for its URL
        (the admin's read-only file fields) gets the media path, served by nothing, as on local disk."""
        return LocalUploads().url(name)

    def signed_url(self, name: str, *, expire: int, content_type: str, disposition: str) -> str:
        """A GET URL of the object valid for `expire` seconds, with the response's type and disposition fixed by the
        signature (ours, whatever the object was stored with), never kept by a shared cache."""
        return super().url(
            name,
            expire=expire,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
        )
