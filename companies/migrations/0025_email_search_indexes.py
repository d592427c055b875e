"""Who sent an email is looked up by its address, in any case, and then by its domain; a
portal sign-in by its address. Indexes on the contacts' and companies' addresses in upper
case answer the first (UPPER(email) = …), trigram indexes the domain (LIKE '%@domain'),
instead of reading every contact and company for each email received or sign-in."""

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Upper

from companies.migration_operations import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0024_follow_ups_by_company_newest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="contact", name="contact_email_idx"),
        migrations.AddIndex(
            model_name="contact", index=models.Index(Upper("email"), name="contact_email_idx")
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(Upper("email"), name="company_email_upper_idx"),
        ),
        trigram_extension(),
        trigram_index("contact_email_trgm", "companies_contact", "email"),
        trigram_index("company_email_trgm", "companies_company", "email"),
    ]
