from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhichan.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from zhichan.indicators import tasks  # noqa: F401  (scheduled reports)
