from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
