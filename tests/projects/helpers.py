from datetime import timedelta

from projects.services import acceptance_record, stage_start

from .conftest import FIRST_DAY, local


def evening(day):
    return local(day.year, day.month, day.day, 18)


def start(stage, by, day=None):
    day = day or FIRST_DAY + timedelta(days=7 * (stage.position - 1))
    return stage_start(stage=stage, by=by, started_on=day, at=evening(day))


def accept(stage, by, *, result="passed", day=None, everyone=True, **kwargs):
    day = day or FIRST_DAY + timedelta(days=7 * (stage.position - 1) + 6)
    fields = {"customer_attended": True, "designer_attended": everyone, "manager_attended": True}
    return acceptance_record(stage=stage, by=by, held_on=day, result=result, at=evening(day), **{**fields, **kwargs})


def run_through(project, by, *, upto=None):
    """Start and accept the stages in order (all of them, or up to position `upto`)."""
    for stage in project.stages.all():
        if upto is not None and stage.position > upto:
            break
        start(stage, by)
        accept(stage, by)
