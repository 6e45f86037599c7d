from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhichan.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhichan.indicators import jobs, tasks  # noqa: F401  (job handlers, scheduled reports)
        from zhichan.indicators.actions import load_reference
        from zhichan.patents.signals import places_changed

        places_changed.connect(jobs.after_places_changed, dispatch_uid="indicators.after_places_changed")
        # the seed plans exist from the start, so that no page loads them on a GET
        post_migrate.connect(load_reference, sender=self, dispatch_uid="indicators.reference")
