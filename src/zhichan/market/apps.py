from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "zhichan.market"
    label = "market"
    verbose_name = "运营交易"

    def ready(self) -> None:
        from zhichan.market import alerts, jobs  # noqa: F401  (job handlers)
        from zhichan.patents.signals import outbox_drained

        outbox_drained.connect(alerts.on_drained, dispatch_uid="market.listed_patents_changed")
