"""The project's URLs and the kit app's (tests/kitapp), for the test settings (tests/settings.py) only."""

from django.urls import include, path

from decocrm.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("kit/", include("tests.kitapp.urls"))]
