"""The roll-ups of a month up to one of its days: the comparison of a period in progress."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0013_rollup_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyrollup",
            name="through_day",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="hasta el día"
            ),
        ),
        migrations.AlterField(
            model_name="monthlyrollup",
            name="grain",
            field=models.CharField(
                choices=[
                    ("total", "total"),
                    ("department", "por departamento"),
                    ("staff", "por funcionario"),
                    ("company_year", "empresas visitadas en el año"),
                    ("company_range", "empresas visitadas en un tramo de meses"),
                    ("department_to_date", "por departamento, acumulado del año"),
                    ("staff_to_date", "por funcionario, acumulado del año"),
                    ("partial_days", "mes parcial resumido"),
                    ("partial_total", "total de un mes parcial"),
                    ("partial_department", "por departamento, de un mes parcial"),
                    ("partial_staff", "por funcionario, de un mes parcial"),
                    ("partial_range", "empresas visitadas hasta un día de un mes"),
                ],
                max_length=20,
                verbose_name="detalle",
            ),
        ),
    ]
