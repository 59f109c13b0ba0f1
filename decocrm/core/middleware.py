from django.conf import settings
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _


class CompanyLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language with the switcher (the language cookie).

    The browser's Accept-Language is ignored on purpose: the company works in Chinese, and a staff
    phone set to English should not silently change the language of the whole CRM.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AdminParameterGuard:
    """Admin lists given parameters the admin itself does not survive answer its "invalid parameters" page
    (`?e=1`, as Django's change list does for a bad lookup) instead of a 500, for every admin, present and future.

    - Date-hierarchy parameters (`created_at__year=…`): Django turns them into datetimes and catches only
      ValueError, so `__year=9999` (the end of year 9999 overflows) or a year past a C int (OverflowError) answer
      500. Only small numbers in range pass.
    - A lookup the list cannot make, raised outside the change list's own handling (the import-export "export"
      page builds a change list from the same query string): IncorrectLookupParameters.
    - Ids that are not ids, posted for an action's rows (`_selected_action=abc`) or into an autocomplete field
      (`district=abc`): Django filters `pk__in` with them (the autocomplete widget even while showing the form's
      errors) and raises ValueError. The page comes back with a message; nothing was changed.
    """

    DATE_PARTS = {"__year": (1, 9998), "__month": (1, 12), "__day": (1, 31)}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._in_admin(request):
            if "e" not in request.GET and self._bad_date_part(request.GET):
                return HttpResponseRedirect(f"{request.path}?e=1")
            if request.method == "POST" and self._bad_ids(request):
                messages.error(request, _("Some of the chosen records do not exist; nothing was changed."))
                return HttpResponseRedirect(request.get_full_path())
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IncorrectLookupParameters) and self._in_admin(request) and "e" not in request.GET:
            return HttpResponseRedirect(f"{request.path}?e=1")
        return None

    @staticmethod
    def _in_admin(request):
        try:
            return request.path.startswith(reverse("admin:index"))
        except NoReverseMatch:
            return False

    @staticmethod
    def _bad_ids(request):
        try:
            model_admin = getattr(resolve(request.path_info).func, "model_admin", None)
        except Resolver404:
            return False
        if model_admin is None:
            return False
        opts = model_admin.model._meta
        posted = [(opts.pk, request.POST.getlist(ACTION_CHECKBOX_NAME))]
        for name in model_admin.get_autocomplete_fields(request):
            field = opts.get_field(name)
            remote = field.target_field if field.many_to_one or field.one_to_one else field.related_model._meta.pk
            posted.append((remote, [v for v in request.POST.getlist(name) if v]))
        try:
            for field, values in posted:
                for value in values:
                    field.run_validators(field.to_python(value))
        except ValidationError:
            return True
        return False

    def _bad_date_part(self, params):
        for key, values in params.lists():
            for suffix, (low, high) in self.DATE_PARTS.items():
                if key.endswith(suffix) and any(
                    not (value.isascii() and value.isdigit() and len(value) <= 4 and low <= int(value) <= high)
                    for value in values
                ):
                    return True
        return False
