from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zhichan.services"
    label = "services"
    verbose_name = "一站式服务"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhichan.services import catalogue, tasks  # noqa: F401  (reminders and escalation)

        post_migrate.connect(catalogue.sync, sender=self, dispatch_uid="services.catalogue")
