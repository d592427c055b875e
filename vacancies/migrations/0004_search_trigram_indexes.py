"""The registry's search by name and by skills uses trigram indexes on PostgreSQL."""

from django.db import migrations

from companies.migration_operations import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0003_change_history"),
    ]

    operations = [
        trigram_extension(),
        trigram_index("jobseeker_first_name_trgm", "vacancies_jobseeker", "first_name"),
        trigram_index("jobseeker_last_name_trgm", "vacancies_jobseeker", "last_name"),
        trigram_index("jobseeker_skills_trgm", "vacancies_jobseeker", "skills"),
    ]
