"""A payment schedule typed as rows (kind, name, amount or percent, due on a date or on a stage's acceptance),
checked to add up to a total to the fen: the draft's schedule and the revised one of a change agreement."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decocrm.core.dates import PLAN_DATE

from ..choices import MilestoneKind
from ..models import FEN, PaymentMilestone
from .money import money


def schedule_amounts(total: Decimal, rows) -> list[Decimal]:
    """Each row's amount: as typed, or its percent of `total` rounded to the fen; the last percent row takes the
    rounding remainder so that percentages adding up to 100 give exactly the total."""
    amounts = []
    for position, row in enumerate(rows, 1):
        if row.get("amount") not in (None, ""):
            amounts.append(money(row["amount"], field="milestones"))
        elif row.get("percent") not in (None, ""):
            try:
                percent = Decimal(str(row["percent"]))
            except InvalidOperation:
                percent = Decimal(0)
            if not 0 < percent <= 100:
                raise ValidationError(
                    {"milestones": _("Row %(row)d: a percentage is more than 0 and at most 100.") % {"row": position}}
                )
            amounts.append((total * percent / 100).quantize(FEN, rounding=ROUND_HALF_UP))
        else:
            raise ValidationError({"milestones": _("Row %(row)d: give an amount or a percentage.") % {"row": position}})
    percent_rows = [i for i, row in enumerate(rows) if row.get("amount") in (None, "")]
    if percent_rows and abs(total - sum(amounts)) <= FEN * len(rows):
        amounts[percent_rows[-1]] += total - sum(amounts)
    return amounts


def schedule_rows(contract, total: Decimal, rows: list) -> list[PaymentMilestone]:
    """The milestones of `rows` (unsaved, positions from 1), refused unless they add up to `total` exactly."""
    if not rows:
        raise ValidationError({"milestones": _("The schedule has at least one payment.")})
    amounts = schedule_amounts(total, rows)
    if sum(amounts) != total:
        raise ValidationError(
            {
                "milestones": _("The payments add up to ¥%(sum)s, not the contract's ¥%(amount)s.")
                % {"sum": sum(amounts), "amount": total}
            }
        )
    built = []
    for position, (row, amount) in enumerate(zip(rows, amounts, strict=True), 1):
        due_on, due_stage = row.get("due_on"), (row.get("due_stage") or "").strip()
        if bool(due_on) == bool(due_stage):
            raise ValidationError(
                {
                    "milestones": _("Row %(row)d: due on a date or on a stage's acceptance (one of them).")
                    % {"row": position}
                }
            )
        if due_on:
            PLAN_DATE.check(due_on, field="milestones", label=_("Due on"))
        milestone = PaymentMilestone(
            contract=contract,
            position=position,
            kind=row.get("kind") or MilestoneKind.STAGE,
            name=(row.get("name") or "").strip(),
            amount=amount,
            percent=row.get("percent") or None,
            due_on=due_on or None,
            due_stage=due_stage,
        )
        try:
            milestone.full_clean(exclude=["contract"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                {"milestones": [_("Row %(row)d: %(error)s") % {"row": position, "error": m} for m in error.messages]}
            ) from None
        built.append(milestone)
    return built
