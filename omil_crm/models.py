"""What belongs to the office as a whole: in-app notifications, periodic job runs, calendar
feed tokens, reminder emails and the dashboard's monthly roll-ups."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """A message to one staff member. `key` is unique so a reminder is created only once,
    however many times (or in however many processes) the task that creates it runs."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinatario",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("tipo", max_length=40)
    key = models.CharField("clave única", max_length=200, unique=True)
    title = models.CharField("título", max_length=200)
    body = models.TextField("detalle", blank=True)
    url = models.CharField("enlace", max_length=300, blank=True)
    subject_type = models.ForeignKey(
        ContentType, verbose_name="sobre (tipo)", on_delete=models.CASCADE, null=True, blank=True
    )
    subject_id = models.PositiveBigIntegerField("sobre (id)", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField("creada", auto_now_add=True)
    emailed_at = models.DateTimeField("enviada por correo", null=True, blank=True)
    read_at = models.DateTimeField("leída", null=True, blank=True)

    class Meta:
        verbose_name = "notificación"
        verbose_name_plural = "notificaciones"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self):
        return self.title


class PeriodicJobRun(models.Model):
    """The last run of one periodic job (a Celery task of the beat schedule), kept current by
    Celery's task signals so the Encargado can see that the reminders really run."""

    task_name = models.CharField("tarea", max_length=200, unique=True)
    last_started_at = models.DateTimeField("último inicio", null=True, blank=True)
    last_finished_at = models.DateTimeField("último término", null=True, blank=True)
    last_succeeded = models.BooleanField("terminó bien", null=True, blank=True)
    last_result = models.TextField("resultado", blank=True)
    runs = models.PositiveIntegerField("ejecuciones", default=0)
    failures = models.PositiveIntegerField("fallas", default=0)

    class Meta:
        verbose_name = "ejecución de tarea programada"
        verbose_name_plural = "ejecuciones de tareas programadas"
        ordering = ["task_name"]
        # The dashboard has no model of its own; its permission lives with the app's
        # other office-wide model so a role can be given it like any other.
        permissions = [
            ("view_dashboard", "Puede ver el panel de indicadores y los informes mensuales"),
            ("manage_team", "Puede administrar las cuentas del equipo de la oficina"),
        ]

    def __str__(self):
        return self.task_name


class CalendarFeedToken(models.Model):
    """The secret in the address of a staff member's calendar feed. Revoking it (or making a
    new one) makes every calendar subscribed with the old address stop receiving events."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario",
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField("clave secreta", max_length=64, unique=True)
    created_at = models.DateTimeField("creada", auto_now_add=True)
    revoked_at = models.DateTimeField("revocada", null=True, blank=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        verbose_name = "dirección de calendario"
        verbose_name_plural = "direcciones de calendario"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_user",
                violation_error_message=(
                    "Esta persona ya tiene una dirección de calendario activa; revóquela antes de "
                    "crear otra."
                ),
            ),
        ]

    def __str__(self):
        return f"Calendario de {self.user}"


class ReminderEmail(models.Model):
    """A reminder email, rendered when it is created and sent once.

    `key` is unique, so a reminder is created once however many times the task that creates
    it runs; `sent_at` is claimed with a conditional update before sending, so two workers
    never both send it.
    """

    key = models.CharField("clave única", max_length=200, unique=True)
    kind = models.CharField("tipo", max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario destinatario",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    to_email = models.EmailField("correo de destino")
    subject = models.CharField("asunto", max_length=250)
    body_text = models.TextField("texto")
    body_html = models.TextField("HTML", blank=True)
    ics = models.TextField("invitación de calendario", blank=True)
    send_until = models.DateTimeField("enviar hasta", null=True, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    sent_at = models.DateTimeField("enviado", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("intentos", default=0)
    last_error = models.CharField("último error", max_length=300, blank=True)

    class Meta:
        verbose_name = "recordatorio por correo"
        verbose_name_plural = "recordatorios por correo"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_email_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"


# The dashboard's monthly roll-ups (omil_crm.dashboard.rollups). They live in the base app
# because models need an app, but hold no real foreign keys: they are derived data, rebuilt
# from the tables, so a deleted park or department leaves nothing dangling and the base layer
# stays ignorant of the apps above.


class MonthlyRollup(models.Model):
    """One counter of one Santiago month, for the whole office or one park, in total or for
    one department or staff member. The grain «company_year» is the exception: one row per
    company and year whose value has bit m - 1 set if it was visited in month m; and
    «company_range», the number of companies visited in a run of months of one year. The
    grains «…_to_date» hold running totals: a month's row adds up its year up to that month.
    The grains «partial_…» hold a month only up to its day `through_day`: the last, partial
    month of the comparison of a period in progress, and the closed days of the month in
    progress, with its days from `resume_day` on (rollup_job.rebuild_partial)."""

    class Grain(models.TextChoices):
        TOTAL = "total", "total"
        DEPARTMENT = "department", "por departamento"
        STAFF = "staff", "por funcionario"
        COMPANY_YEAR = "company_year", "empresas visitadas en el año"
        COMPANY_RANGE = "company_range", "empresas visitadas en un tramo de meses"
        TOTAL_TO_DATE = "total_to_date", "total, acumulado del año"
        DEPARTMENT_TO_DATE = "department_to_date", "por departamento, acumulado del año"
        STAFF_TO_DATE = "staff_to_date", "por funcionario, acumulado del año"
        PARTIAL_DAYS = "partial_days", "mes parcial resumido"
        PARTIAL_TOTAL = "partial_total", "total de un mes parcial"
        PARTIAL_DEPARTMENT = "partial_department", "por departamento, de un mes parcial"
        PARTIAL_STAFF = "partial_staff", "por funcionario, de un mes parcial"
        PARTIAL_STAFF_YTD = "partial_staff_ytd", "por funcionario, del año hasta un mes parcial"
        PARTIAL_RANGE = "partial_range", "empresas visitadas hasta un día de un mes"

    month = models.DateField("mes")
    counter = models.CharField("indicador", max_length=40)
    grain = models.CharField("detalle", max_length=20, choices=Grain.choices)
    # True: summed over every park (and outside them); False: one park's (park_id) share.
    whole_office = models.BooleanField("toda la oficina")
    park_id = models.BigIntegerField("parque", null=True, blank=True)
    department_id = models.BigIntegerField("departamento", null=True, blank=True)
    # A foreign key only so the staff table can join the names; no constraint, nothing
    # cascades: a deleted user's rows stay until the next rebuild and are skipped.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    company_id = models.BigIntegerField("empresa", null=True, blank=True)
    # Only for the grains «partial_…»: the month counted from its first day to this one.
    through_day = models.PositiveSmallIntegerField("hasta el día", null=True, blank=True)
    # Only for the month in progress: its days from this one to its last, dated ahead
    # (placements starting next week, workshops planned) and rolled up with the closed days.
    resume_day = models.PositiveSmallIntegerField("desde el día", null=True, blank=True)
    value = models.BigIntegerField("valor")

    class Meta:
        verbose_name = "resumen mensual del panel"
        verbose_name_plural = "resúmenes mensuales del panel"
        indexes = [
            # Carries every column the dashboard's roll-up parts read, the partial months'
            # days included: they are index-only scans. A year's staff table reads 2,640
            # rows for 840 people at 3×, which lay in 1,500 pages of the table (a month's
            # rows of every grain are written together), and 1,437 of the month in progress.
            models.Index(
                fields=["grain", "whole_office", "month", "counter"],
                include=[
                    "park_id",
                    "staff",
                    "department_id",
                    "value",
                    "through_day",
                    "resume_day",
                ],
                name="rollup_grain_month_idx",
            ),
            # A company's yearly row of visited months, looked up for each company visited
            # on the days the roll-ups do not cover (dashboard/visit_figures.py): thousands
            # of lookups for a year in progress, each read from the index alone.
            models.Index(
                fields=["company_id", "month"],
                include=["park_id", "value"],
                condition=models.Q(grain="company_year"),
                name="rollup_company_year_idx",
            ),
        ]

    def __str__(self):
        return f"{self.counter} {self.month:%Y-%m}: {self.value}"


class RollupState(models.Model):
    """The single row that says up to which month the roll-ups are complete.

    Every month before `sealed_until` has its rows (an empty month has none and counts zero),
    except the months listed as dirty; the months from `sealed_until` on are counted live.
    """

    sealed_until = models.DateField("resumido hasta (exclusivo)", null=True, blank=True)
    refreshed_at = models.DateTimeField("última actualización", null=True, blank=True)

    class Meta:
        verbose_name = "estado de los resúmenes del panel"
        verbose_name_plural = "estado de los resúmenes del panel"

    def __str__(self):
        return f"Resumido hasta {self.sealed_until}"


class RollupDirtyMonth(models.Model):
    """A closed month written to after its roll-up was computed: the dashboard counts it live
    until the periodic job recomputes it. Filled by database triggers (migration 0007), so
    every write path counts: services, bulk updates, cascading deletes, imports, the admin.
    The month 0001-01-01 stands for «all of them» (a company changed park, say)."""

    month = models.DateField("mes", unique=True)
    marked_at = models.DateTimeField("marcado")

    class Meta:
        verbose_name = "mes por recalcular"
        verbose_name_plural = "meses por recalcular"

    def __str__(self):
        return f"{self.month:%Y-%m}"


class StandingTally(models.Model):
    """How things stand right now, for the dashboard's «today» figures: active companies,
    those never contacted, those last contacted on each day; open requests and those due on
    each day; for the whole office or one park, and per department for requests.

    Kept by statement triggers in the writer's own transaction (migration omil_crm 0011), so
    the figures equal a live recount at every moment; the dashboard reads a few rows instead of
    every company and open request. «Not contacted lately» (NO_CONTACT_DAYS) is then the active
    companies less the never contacted and those contacted after the line's day (a row per
    day), and «overdue» the open requests less those due from today on. PostgreSQL 15 or later
    only: on other databases the table does not exist and the dashboard counts live.
    """

    class Counter(models.TextChoices):
        COMPANIES = "companies", "empresas activas"
        NEVER_CONTACTED = "companies_never", "empresas activas nunca contactadas"
        CONTACTED_ON = "contacted_on", "empresas activas contactadas por última vez ese día"
        REQUESTS_OPEN = "requests_open", "solicitudes abiertas"
        REQUESTS_DUE_ON = "requests_due_on", "solicitudes abiertas que vencen ese día"

    counter = models.CharField("indicador", max_length=20, choices=Counter.choices)
    # True: every park and outside them (park_id empty); False: one park's share.
    whole_office = models.BooleanField("toda la oficina")
    park_id = models.BigIntegerField("parque", null=True, blank=True)
    department_id = models.BigIntegerField("departamento", null=True, blank=True)
    day = models.DateField("día", null=True, blank=True)
    value = models.BigIntegerField("valor")

    class Meta:
        verbose_name = "conteo del día del panel"
        verbose_name_plural = "conteos del día del panel"
        required_db_features = {"supports_nulls_distinct_unique_constraints"}
        constraints = [
            # The key the triggers add to (ON CONFLICT); an empty park, department or day is
            # one key, not many.
            models.UniqueConstraint(
                fields=["counter", "whole_office", "park_id", "department_id", "day"],
                nulls_distinct=False,
                name="standing_tally_key",
                violation_error_message=(
                    "Ya hay un conteo del día para ese indicador, parque, departamento y día."
                ),
            )
        ]

    def __str__(self):
        return f"{self.counter} {self.day or ''}: {self.value}"
