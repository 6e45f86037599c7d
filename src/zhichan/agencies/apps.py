from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhichan.agencies"
    label = "agencies"
    verbose_name = "服务机构监管"

    def ready(self) -> None:
        from zhichan.agencies import jobs, tasks  # noqa: F401  (import, fields, grades; the daily lifecycle)
