from django.apps import AppConfig


class BalanceConfig(AppConfig):
    name = "omil_crm.balance"
    label = "omil_balance"
    verbose_name = "Balance de colaboración"

    def ready(self):
        from companies import page_sections
        from meetings import sections
        from omil_crm.balance.sections import company_section, meeting_section

        # The balance reads requests and vacancies, which the company and meeting apps may
        # not import: it reaches their pages through their section hooks instead.
        page_sections.register(
            page_sections.CompanySection(
                "balance", "omil_crm/balance/company_section.html", company_section
            )
        )
        sections.register(
            sections.MeetingSection(
                "park_balance",
                meeting_section,
                page_template="omil_crm/balance/meeting_section.html",
                email_text_template="omil_crm/balance/meeting_email.txt",
                email_html_template="omil_crm/balance/meeting_email.html",
            )
        )
