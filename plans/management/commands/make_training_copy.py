import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.training import plan_make_training_copy


class Command(BaseCommand):
    help = (
        "Create or refresh '<code>-training': the plan moved forward by whole years so that the current "
        "year falls inside it (by default the plan's last year becomes next year's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument(
            "--years",
            type=int,
            help="how many years to move it (default: so that today falls in the plan's first year)",
        )

    def handle(self, *args, code: str, years: int | None, **options):
        plan = Plan.objects.filter(code=code, is_training=False).first()
        if plan is None:
            raise CommandError(f"no plan with code '{code}'")
        if years is None:
            years = dt.date.today().year - plan.first_year
        result = plan_make_training_copy(plan=plan, years=years)
        self.stdout.write(result.summary() if result.changed else f"Plan {result.plan.code}: already up to date")
