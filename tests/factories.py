import factory

from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team
from decocrm.accounts.services import staff_create, team_create

TEST_PASSWORD = "correct-horse-battery"


class TeamFactory(factory.Factory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"销售{n}部")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return team_create(**kwargs)


class StaffFactory(factory.Factory):
    """Staff are made through the same service the app uses, so the role's group is set too."""

    class Meta:
        model = dict

    username = factory.Sequence(lambda n: f"staff{n}")
    password = TEST_PASSWORD
    role = Role.SALES
    first_name = factory.Faker("first_name", locale="zh_CN")
    last_name = factory.Faker("last_name", locale="zh_CN")
    team = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return staff_create(**kwargs)
