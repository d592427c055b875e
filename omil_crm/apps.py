from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OmilCrmConfig(AppConfig):
    name = "omil_crm"
    verbose_name = "OMIL"

    def ready(self):
        from django.contrib.auth import get_user_model

        from omil_crm.accounts.roles import apply_roles_after_migrate, person_name

        # Every select, list, history and admin page that shows a user shows them through
        # str(): colleagues know each other by name, not by the username they sign in with.
        get_user_model().__str__ = person_name

        # Re-applied after every migrate so that permissions of models added later reach
        # the groups without anyone remembering to run setup_roles.
        post_migrate.connect(apply_roles_after_migrate, dispatch_uid="omil_crm_apply_roles")
