from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OmilCrmConfig(AppConfig):
    name = "omil_crm"
    verbose_name = "OMIL"

    def ready(self):
        from omil_crm.accounts.roles import apply_roles_after_migrate

        # Re-applied after every migrate so that permissions of models added later reach
        # the groups without anyone remembering to run setup_roles.
        post_migrate.connect(apply_roles_after_migrate, dispatch_uid="omil_crm_apply_roles")
