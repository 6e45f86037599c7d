from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhichan.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from zhichan.indicators import jobs, tasks  # noqa: F401  (job handlers, scheduled reports)
        from zhichan.patents.signals import places_changed

        places_changed.connect(jobs.after_places_changed, dispatch_uid="indicators.after_places_changed")
