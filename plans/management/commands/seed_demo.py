"""Demo accounts for every role and a living history of reports for plan 1593 and its training copy.

Every report is drafted, sent, signed and reviewed on the day each step would have happened, by the
workflow's own rules: periods open through ``services.period_open``; the steps go through
``plans.replay.Replay``, which applies the services' rules in memory and writes each period in a
few statements, so history (dated at each step), versions, lateness, closed obligations and bell
notifications are what the services would have written, without mailing the past.
``--one-by-one`` calls the services themselves, a step at a time with the clock set (time_machine):
the same result, several times slower. Idempotent: a plan that already has reports sent is left
alone; accounts are updated in place.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from outbox.services import outbox_paused
from plans import services
from plans.models import Agency, Notification, Plan, Submission
from plans.replay import Replay

PASSWORD = "demo-1593"
ALMATY = ZoneInfo("Asia/Almaty")
P, S = Submission.Progress, Submission.Status

# username, role, agency code (None: ministry or Government), language, first name, last name
PEOPLE = [
    ("coordinator", User.Role.COORDINATOR, None, "ru", "Айгүл", "Сейітова"),
    ("reader", User.Role.READER, None, "ru", "Ерлан", "Жақыпов"),
    ("iim.officer", User.Role.OFFICER, "ІІМ", "kk", "Дәурен", "Құсайынов"),
    ("iim.head", User.Role.HEAD, "ІІМ", "kk", "Ғалым", "Өтебаев"),
    ("enbek.officer", User.Role.OFFICER, "Еңбекмині", "kk", "Әсел", "Нұрғалиева"),
    ("dsadm.officer", User.Role.OFFICER, "ДСӘДМ", "kk", "Мөлдір", "Исабекова"),
    ("odm.officer", User.Role.OFFICER, "ӨДМ", "ru", "Сергей", "Ким"),
    ("almaty.officer", User.Role.OFFICER, "Алматы қаласы", "ru", "Ұлжан", "Бекова"),
    ("astana.officer", User.Role.OFFICER, "Астана қаласы", "kk", "Нұрлан", "Әміров"),
]

# Hand-written narratives in the register of real progress reports, by measure number.
NARRATIVES = {
    1: "Ішкі көші-қон ағындарын есепке алу мақсатында облыстардың, Астана және Алматы қалаларының әкімдіктерінен "
    "деректер жинақталды. Тіркеу деректері «Жеке тұлғалар» мемлекеттік дерекқорымен салыстырылып, көшіп-қонушылардың "
    "негізгі бағыттары (Оңтүстік Қазақстан облысынан Астана мен Алматыға) айқындалды. "
    "Талдау нәтижелері Үкіметке жолданды.",
    2: "Алматы қаласында азаматтарды тіркеу тәжірибесі зерделенді: тіркеу халыққа қызмет көрсету орталықтары арқылы "
    "электрондық түрде жүргізіледі. Астана қаласында осы тәжірибені қолдану бойынша ұсыныстар әзірленіп, "
    "мүдделі мемлекеттік органдармен келісілді.",
    3: "Экологиялық жағдайы қолайсыз елді мекендерден көшірілетін азаматтарға Жұмыспен қамтудың жол картасы 2020 "
    "шеңберінде тұрғын үй, оқыту және жұмысқа орналастыру бойынша қолдау шаралары туралы ұсынымдар жобасы әзірленді. "
    "Облыс әкімдіктерінің ұсыныстары жинақталды.",
    4: "Ішкі көшіп-қонушылардың тұрғылықты жері бойынша тіркелуін оңайлату мақсатында уақытша тіркеу мерзімдерін "
    "ұзарту және тіркеуді электрондық үкімет порталы арқылы жүргізу туралы ұсыныстар дайындалды.",
    8: "Моноқалаларды дамытудың 2012–2020 жылдарға арналған бағдарламасы шеңберінде шағын қалалар мен "
    "агломерациялардың "
    "ауылдық өңірлермен экономикалық өзара іс-қимылын күшейту жөніндегі шаралар жоспарларға енгізілді.",
    12: "Көшіп-қонушыларды тіркеу рәсімдерін жеңілдету бойынша заңнамаға түзетулер жобасы әзірленіп, "
    "Әділет министрлігімен келісуге жолданды.",
    14: "Өңіраралық еңбекші көшіп-қонушыларға жұмыспен қамту орталықтарында құқықтық кеңес беру ұйымдастырылды; "
    "есепті кезеңде 1 240 азамат кеңес алды, 318 азамат жұмысқа орналастырылды.",
    15: "ІІМ көші-қон полициясының ақпараттық жүйесін құру жұмыстары жалғасуда: техникалық тапсырма бекітілді, "
    "мемлекеттік сатып алу конкурсы өткізіліп, өнім беруші анықталды. Бағдарламалық қамтамасыз етудің бірінші "
    "кезегі сынақтан өтуде.",
    16: "Еңбекші көшіп-келушіге рұқсат беру, ұзарту және қайтарып алу тәртібі, сондай-ақ дактилоскопиялық және "
    "фотоесепке алу қағидалары әзірленіп, Ішкі істер министрінің бұйрығымен бекітілді. Бұйрық Әділет министрлігінде "
    "мемлекеттік тіркеуден өтті.",
    21: "Оралмандарды қоныстандыруға арналған өңірлердің тізбесі әкімдіктердің еңбек нарығы мен тұрғын үй "
    "мүмкіндіктері туралы деректері негізінде қалыптастырылып, Үкімет қаулысымен бекітілді.",
    22: "Оралмандарға тұрғын үй салуға, қалпына келтіруге немесе сатып алуға жеңілдетілген кредиттік қарыз беру "
    "қағидалары әзірленіп, Үкімет қаулысымен бекітілді.",
    28: "Оралмандардың жұмыспен қамтылуы мен әлеуметтік жағдайына мониторинг жүргізілді: есепті кезеңде келген "
    "оралмандардың 62 пайызы жұмысқа орналасты, 1 085 отбасына тұрғын үй жалдауға субсидия берілді.",
}
IN_PROGRESS = (
    "Іс-шараны орындау жөнінде жұмыс жүргізілуде: мүдделі органдармен кездесулер өткізілді, "
    "ұсыныстар жобасы талқылануда."
)
CONTRIBUTION = "{agency} тарапынан өз құзыреті шегінде ақпарат дайындалып, жинақтаушы органға жолданды."
RETURN_REASONS = [
    "Шығыс хатының нөмірі мен күні көрсетілмеген, толықтырыңыз.",
    "Орындалу барысы туралы ақпарат тым жалпы: нақты сандық көрсеткіштерді келтіріңіз.",
    "Бекітілген актінің көшірмесі тіркелмеген.",
]


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


class OneByOne:
    """The workflow services themselves, one step at a time with the clock set to its moment:
    what ``Replay`` does in bulk, the slow way (``--one-by-one``)."""

    def __init__(self, rows) -> None:
        pass

    @staticmethod
    def _at(moment: dt.datetime, service, **kwargs):
        with time_machine.travel(moment, tick=False):
            return service(**kwargs)

    def draft(self, sub, user, moment, data):
        return self._at(
            moment, services.submission_save_draft, submission=sub, user=user, data=data, version=sub.version
        )

    def add_evidence(self, sub, user, moment, file) -> None:
        self._at(moment, services.submission_add_evidence, submission=sub, user=user, file=file)

    def submit(self, sub, user, moment):
        return self._at(moment, services.submission_submit, submission=sub, user=user)

    def sign(self, sub, user, moment):
        return self._at(moment, services.submission_sign, submission=sub, user=user)

    def accept(self, sub, user, moment):
        return self._at(moment, services.submission_accept, submission=sub, user=user)

    def return_(self, sub, user, moment, reason):
        return self._at(moment, services.submission_return, submission=sub, user=user, reason=reason)

    def write(self) -> None:
        pass


class Command(BaseCommand):
    help = "Create demo accounts for each role and realistic reports for plan 1593 and its training copy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="seed even though DEBUG is off (demo accounts share one published password)",
        )
        parser.add_argument(
            "--one-by-one",
            action="store_true",
            help="call the workflow services for every step instead of writing each period in bulk (slow)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: this looks like a production database, and the demo accounts all share the password "
                f"{PASSWORD!r}. Run it with DEBUG=true, or add --allow-production if you really mean it."
            )
        plan = Plan.objects.filter(code="1593").first()
        if plan is None:
            raise CommandError("Load the plan first: python manage.py import_plan plans/data/plan_1593")
        self.rng = random.Random(1593)
        self.now = timezone.now()
        self.steps = OneByOne if options["one_by_one"] else Replay
        self.stdout.write("Demo accounts for every role and agency …")
        self.stdout.flush()
        users = self.accounts()
        self.coordinator = users["coordinator"]
        for p in Plan.objects.filter(code__in=["1593", "1593-training"]).order_by("is_training"):
            if Submission.objects.filter(period__plan=p).exclude(status=S.DUE).exists():
                self.stdout.write(f"{p.code}: reports already seeded, left as they are")
                continue
            # Years of history would otherwise mail every demo account thousands of times.
            with outbox_paused():
                self.seed_plan(p)
        # History is history: only the last month's notifications are left unread on the bell.
        Notification.objects.filter(read_at=None, created_at__lt=self.now - dt.timedelta(days=30)).update(
            read_at=self.now
        )
        self.table()

    def accounts(self) -> dict[str, User]:
        """The named demo people, plus one officer for every other agency so that every report has an author."""
        password = make_password(PASSWORD)  # hashed once: hashing per account would dominate the run time
        agencies = {a.code: a for a in Agency.objects.all()}
        users = {}
        for username, role, code, lang, first, last in PEOPLE:
            if code and code not in agencies:
                continue
            users[username], _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "role": role,
                    "agency": agencies.get(code),
                    "language": lang,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.planmonitor.local",
                    "password": password,
                },
            )
        named = {u.agency_id for u in users.values() if u.agency_id}
        for agency in agencies.values():
            if agency.pk not in named:
                User.objects.update_or_create(
                    username=f"agency{agency.pk}.officer",
                    defaults={
                        "role": User.Role.OFFICER,
                        "agency": agency,
                        "language": "kk",
                        "last_name": agency.code,
                        "email": f"agency{agency.pk}@demo.planmonitor.local",
                        "password": password,
                    },
                )
        self.officers = {u.agency_id: u for u in User.objects.filter(role=User.Role.OFFICER).order_by("-username")}
        self.heads = {u.agency_id: u for u in User.objects.filter(role=User.Role.HEAD)}
        return users

    @transaction.atomic
    def seed_plan(self, plan: Plan) -> None:
        periods = list(plan.periods.order_by("start"))
        self.stdout.write(f"{plan.code}: filing reports, quarter by quarter …")
        self.stdout.flush()
        started, previous = time.monotonic(), None
        for period in periods:
            if period.start > self.now.date():
                break
            with time_machine.travel(at(period.start, 8), tick=False):
                services.period_open(period=period)
            if previous is not None:
                self.report(previous)
            previous = period
        if previous is not None:
            self.report(previous)
        done = Submission.objects.filter(period__plan=plan).exclude(status=S.DUE).count()
        self.stdout.write(
            f"{plan.code}: {len(periods)} periods, {done} reports filed in {time.monotonic() - started:.1f} s"
        )

    def report(self, period) -> None:
        """File, sign and review the period's reports on the days it would have happened; in the
        period still being reported, only start some drafts."""
        rows = list(
            Submission.objects.filter(period=period, status=S.DUE)
            .select_related("measure", "agency", "period__plan")
            .prefetch_related("measure__budget_lines")
            .order_by("measure__number", "-role", "agency__code")
        )
        run = self.steps(rows)
        if at(period.agency_due + dt.timedelta(days=12)) > self.now:
            self.start_drafts(run, period, rows)
        else:
            for sub in rows:
                self.file(run, period, sub)
        run.write()
        filed = period.submissions.exclude(status=S.DUE).count()
        self.stdout.write(f"  {period.plan.code} {period.label}: {filed} reports")
        self.stdout.flush()

    def start_drafts(self, run, period, rows) -> None:
        """The period still being reported: only some drafts are started."""
        today = self.now.astimezone(ALMATY).date()
        for sub in rows[:: max(len(rows) // 8, 1)]:
            data = self.answer(sub, final=False)
            run.draft(sub, self.officers[sub.agency_id], self.when(min(period.end, today)), data)

    def file(self, run, period, sub) -> None:
        """One report drafted, sent, signed and reviewed on the days it would have happened."""
        officer = self.officers[sub.agency_id]
        late = self.rng.random() < 0.12
        day = period.agency_due + dt.timedelta(days=self.rng.randint(1, 9) if late else -self.rng.randint(0, 6))
        data = self.answer(sub, final=True)
        sub = run.draft(sub, officer, self.when(day - dt.timedelta(days=2)), data)
        if data.get("act_number"):
            act = ContentFile(b"%PDF-1.4\n% demo copy of the act\n%%EOF\n", name=f"act-{data['act_number']}.pdf")
            run.add_evidence(sub, officer, self.when(day - dt.timedelta(days=2)), act)
        sub = run.submit(sub, officer, self.when(day))
        if sub.status == S.SIGNED:
            sub = run.sign(sub, self.heads[sub.agency_id], self.when(day + dt.timedelta(days=1)))
        review_day = max(period.ministry_due - dt.timedelta(days=self.rng.randint(1, 5)), day + dt.timedelta(days=2))
        if self.rng.random() < 0.06:
            sub, review_day = self.return_and_resubmit(run, sub, officer, review_day)
        if period.plan.is_training and at(review_day) > self.now - dt.timedelta(days=60) and self.rng.random() < 0.1:
            return  # the latest training quarter leaves a few reports in the coordinator's queue
        run.accept(sub, self.coordinator, self.when(review_day))

    def return_and_resubmit(self, run, sub, officer, review_day):
        """The coordinator returns the report; the officer corrects and sends it again."""
        reason = self.rng.choice(RETURN_REASONS)
        sub = run.return_(sub, self.coordinator, self.when(review_day), reason)
        review_day += dt.timedelta(days=2)
        sub = run.draft(sub, officer, self.when(review_day), {"narrative": sub.narrative + " Мәліметтер нақтыланды."})
        sub = run.submit(sub, officer, self.when(review_day))
        review_day += dt.timedelta(days=1)
        if sub.status == S.SIGNED:
            sub = run.sign(sub, self.heads[sub.agency_id], self.when(review_day))
        return sub, review_day + dt.timedelta(days=1)

    def when(self, day: dt.date) -> dt.datetime:
        """A working hour of the day a step happened."""
        return at(day, self.rng.randint(9, 17))

    def answer(self, sub: Submission, final: bool) -> dict:
        """What an agency would write: completed once the measure's own deadline has come."""
        measure, period = sub.measure, sub.period
        completed = final and (sub.occurrence is None or sub.occurrence <= period.end + dt.timedelta(days=5))
        if sub.role == Submission.Role.CONTRIBUTION:
            narrative = CONTRIBUTION.format(agency=sub.agency.name)
        else:
            narrative = NARRATIVES.get(measure.number, "") if completed else IN_PROGRESS
            narrative = narrative or (
                f"«{measure.title[:120]}» іс-шарасы бойынша жұмыс жүргізілді; нәтижелері туралы ақпарат ұсынылады."
            )
        data = {"progress": P.COMPLETED if completed else P.IN_PROGRESS, "narrative": narrative}
        if completed and measure.form_kind in (measure.FormKind.INFORMATION, measure.FormKind.PROPOSALS):
            letter_day = min(period.agency_due - dt.timedelta(days=3), self.now.date())
            data |= {
                "letter_number": f"{self.rng.randint(1, 30)}-{self.rng.randint(1, 9)}/{self.rng.randint(100, 9999)}",
                "letter_date": letter_day,
            }
        if completed and measure.form_kind in (measure.FormKind.ORDER, measure.FormKind.DECREE):
            data |= {
                "act_number": str(self.rng.randint(40, 900)),
                "act_date": min(sub.occurrence or period.end, period.end),
            }
        if measure.budget_lines.all() and sub.role != Submission.Role.CONTRIBUTION:
            year_budget = next((b.amount for b in measure.budget_lines.all() if b.year == period.year), Decimal(0))
            data["spent"] = (year_budget / 4 * Decimal(self.rng.randint(70, 100)) / 100).quantize(Decimal("0.1"))
        return data

    def table(self) -> None:
        self.stdout.write(f"\nDemo accounts (password for all: {PASSWORD})")
        existing = set(User.objects.values_list("username", flat=True))
        rows = [(u, str(User.Role(role).label), code or "—") for u, role, code, *_ in PEOPLE if u in existing]
        width = max(len(role) for _, role, _ in rows) if rows else 4
        self.stdout.write(f"{'username':<16} {'role':<{width}} agency")
        for username, role, code in rows:
            self.stdout.write(f"{username:<16} {role:<{width}} {code}")
        self.stdout.write("… and agency<id>.officer for every other agency.")
