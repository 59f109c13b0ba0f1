"""Demo data: one user per role (demo-only password), teams, and what the domain apps' seeders add
(decocrm.core.demo: each app registers its own, core imports none of them).

Idempotent: running it again changes nothing that is already there. `--scale N` then adds N generated leads (and
whatever else the seeders generate at scale) for benchmarks: that part adds more on every run. Refuses to run with
DEBUG off unless --force is given, so demo passwords never reach a production database by accident.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team, User
from decocrm.accounts.services import staff_create, staff_set_role, team_create, team_set_manager
from decocrm.core.demo import DEMO_PASSWORD, demo_seeders

# username, family name, given name, role, team, company-wide
DEMO_STAFF = [
    ("gm", "赵", "总", Role.MANAGER, None, True),
    ("manager", "王", "经理", Role.MANAGER, "销售一部", False),
    ("sales", "李", "小销", Role.SALES, "销售一部", False),
    ("sales2", "陈", "晓明", Role.SALES, "销售一部", False),
    ("designer", "周", "设计", Role.DESIGNER, "设计部", False),
    ("pm", "吴", "工长", Role.PROJECT_MANAGER, "工程部", False),
    ("aftersales", "郑", "师傅", Role.AFTER_SALES, "工程部", False),
    ("service", "孙", "客服", Role.CUSTOMER_RELATIONS, "客服部", False),
    ("archivist", "钱", "档案", Role.ARCHIVE_CLERK, None, False),
]
TEAM_MANAGERS = {"销售一部": "manager"}


class Command(BaseCommand):
    help = "Create demo users (one per role), teams and sample data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N more leads with their customers and clocks (set-based; for benchmarks).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, scale=0, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with a public demo password; run it with DEBUG=1 or --force.")
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        teams = {}
        for name in {t for *_, t, _cw in DEMO_STAFF if t}:
            teams[name] = Team.objects.filter(name=name).first() or team_create(name=name)
        created = 0
        for username, family, given, role, team_name, company_wide in DEMO_STAFF:
            user = User.objects.filter(username=username).first()
            if user is None:
                staff_create(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    first_name=given,
                    last_name=family,
                    email=f"{username}@decocrm.local",
                    team=teams.get(team_name),
                    company_wide=company_wide,
                )
                created += 1
            elif user.role != role:
                staff_set_role(user=user, role=role)
        for team_name, username in TEAM_MANAGERS.items():
            team = teams[team_name]
            if team.manager_id is None:
                team_set_manager(team=team, manager=User.objects.get(username=username))
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff ready ({created} created). Password for all: {DEMO_PASSWORD}")
        )
        for seeder in demo_seeders():
            seeder(scale=scale, log=self.stdout.write)
