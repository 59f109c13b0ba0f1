"""The cards on the home page ("My work"). Each app registers its card providers in AppConfig.ready(), so
the core app never imports a domain app.

A provider is `fn(request) -> dict | None`: a dict with "template" (rendered with the rest of the dict as
context) and "order" (smaller first), or None when the card does not apply to this user.
"""

_providers = []


def register_home_card(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def home_cards(request):
    cards = [card for card in (provider(request) for provider in _providers) if card]
    return sorted(cards, key=lambda card: card.get("order", 100))
