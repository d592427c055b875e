"""The dashboard's monthly roll-ups: what each counter added up to in a closed month.

They live in the base app because models need an app, but hold no real foreign keys: they are
derived data, rebuilt from the tables (omil_crm.dashboard.rollups), so a deleted park, user
or department leaves nothing dangling and the base layer stays ignorant of the apps above.
"""

from django.conf import settings
from django.db import models


class MonthlyRollup(models.Model):
    """One counter of one Santiago month, for the whole office or one park, in total or for
    one department or staff member. The grain «company_year» is the exception: one row per
    company and year whose value has bit m - 1 set if it was visited in month m."""

    class Grain(models.TextChoices):
        TOTAL = "total", "total"
        DEPARTMENT = "department", "por departamento"
        STAFF = "staff", "por funcionario"
        COMPANY_YEAR = "company_year", "empresas visitadas en el año"

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
    value = models.BigIntegerField("valor")

    class Meta:
        verbose_name = "resumen mensual del panel"
        verbose_name_plural = "resúmenes mensuales del panel"
        indexes = [
            models.Index(
                fields=["grain", "whole_office", "month", "counter"], name="rollup_grain_month_idx"
            )
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
