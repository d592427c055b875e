"""The table of the dashboard's «today» counts (omil_crm.models.StandingTally); the
triggers that keep it come in 0012, once its key exists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0010_rollup_to_date_grains"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandingTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "counter",
                    models.CharField(
                        choices=[
                            ("companies", "empresas activas"),
                            ("companies_never", "empresas activas nunca contactadas"),
                            (
                                "contacted_on",
                                "empresas activas contactadas por última vez ese día",
                            ),
                            ("requests_open", "solicitudes abiertas"),
                            ("requests_due_on", "solicitudes abiertas que vencen ese día"),
                        ],
                        max_length=20,
                        verbose_name="indicador",
                    ),
                ),
                ("whole_office", models.BooleanField(verbose_name="toda la oficina")),
                (
                    "park_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="parque"),
                ),
                (
                    "department_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="departamento"),
                ),
                ("day", models.DateField(blank=True, null=True, verbose_name="día")),
                ("value", models.BigIntegerField(verbose_name="valor")),
            ],
            options={
                "verbose_name": "conteo del día del panel",
                "verbose_name_plural": "conteos del día del panel",
                "required_db_features": {"supports_nulls_distinct_unique_constraints"},
                "constraints": [
                    models.UniqueConstraint(
                        fields=("counter", "whole_office", "park_id", "department_id", "day"),
                        name="standing_tally_key",
                        nulls_distinct=False,
                        violation_error_message=(
                            "Ya hay un conteo del día para ese indicador, parque, departamento"
                            " y día."
                        ),
                    )
                ],
            },
        ),
    ]
