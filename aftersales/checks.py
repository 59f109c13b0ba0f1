"""aftersales' system checks: the revisit rate policy keeps to the seeds' minimum [002 客户管理制度 1.3-1.4]."""

from django.conf import settings
from django.core.checks import Error, register

from .revisit_policy import MINIMUM_RATES


@register()
def check_revisit_rate_policy(app_configs=None, **kwargs):
    policy = getattr(settings, "REVISIT_RATE_POLICY", {})
    errors = []
    if not isinstance(policy, dict) or set(policy) - set(MINIMUM_RATES):
        return [
            Error(
                "REVISIT_RATE_POLICY must be a dict with the keys 'repair' and 'complaint'.",
                hint="e.g. {'repair': 100, 'complaint': 100} (REVISIT_RATE_REPAIR, REVISIT_RATE_COMPLAINT).",
                id="aftersales.E001",
            )
        ]
    for kind, minimum in MINIMUM_RATES.items():
        rate = policy.get(kind, 100)
        if not isinstance(rate, int) or not minimum <= rate <= 100:
            errors.append(
                Error(
                    f"REVISIT_RATE_POLICY[{kind!r}] is {rate!r}: the seeds ask for at least {minimum} % of "
                    f"{kind} cases to be revisited.",
                    hint=f"Set a whole number from {minimum} to 100 (REVISIT_RATE_{kind.upper()}).",
                    id="aftersales.E002",
                )
            )
    return errors
