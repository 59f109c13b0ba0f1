"""Site photos from the phone camera (acceptances, progress updates): images only, screened on the way in."""

from decocrm.core.uploads import IMAGE_KINDS, UploadRule

PHOTOS = UploadRule(IMAGE_KINDS)
