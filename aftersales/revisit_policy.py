"""Which closed cases get a revisit [seed 002 客户管理制度 1.3-1.4: 投诉回访率达50%, 维修回访率达30%; the company may be
stricter]. settings.REVISIT_RATE_POLICY gives the share (%) per kind of case; aftersales.checks refuses a share below
the seeds' minimum at startup.

Below 100 %, the sample is deterministic and never falls short: the n-th case of its kind to close (its running count,
counted when it closes) is revisited when ceil(n·rate/100) grows at n. So after any number of cases exactly
ceil(n·rate/100) of them were picked — at 30 %: the 1st, 4th, 7th, 11th, 14th… (the rate reached from the first case
on, and never more than one case above it). Two cases closing in the same instant may read the same count; the
sample then differs by one case, which the achieved rate on the rates page shows."""

from django.conf import settings

REPAIR, COMPLAINT = "repair", "complaint"
# The seeds' minimum, and the company's default (every case).
MINIMUM_RATES = {REPAIR: 30, COMPLAINT: 50}
DEFAULT_RATES = {REPAIR: 100, COMPLAINT: 100}


def revisit_rate(kind: str) -> int:
    """The policy's share (%) of closed cases of `kind` that are revisited."""
    return int(getattr(settings, "REVISIT_RATE_POLICY", {}).get(kind, DEFAULT_RATES[kind]))


def _picked_up_to(number: int, rate: int) -> int:
    return -(-number * rate // 100)  # ceil(number * rate / 100) in integers


def is_sampled(number: int, rate: int) -> bool:
    """Whether the `number`-th case (1, 2, …) is in a sample of `rate` %."""
    if rate >= 100:
        return True
    if number < 1 or rate <= 0:
        return False
    return _picked_up_to(number, rate) > _picked_up_to(number - 1, rate)


def needs_revisit(kind: str, *, running_count) -> bool:
    """Whether the case that just closed is revisited; `running_count()` (called only below 100 %) counts the closed
    cases of its kind, itself included."""
    rate = revisit_rate(kind)
    return rate >= 100 or is_sampled(running_count(), rate)
