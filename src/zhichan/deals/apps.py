from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "zhichan.deals"
    label = "deals"
    verbose_name = "知识产权交易登记"

    def ready(self) -> None:
        from zhichan.deals import indicators, tasks
        from zhichan.indicators import providers
        from zhichan.patents.signals import patents_stored

        providers.register("deals", indicators.PROVIDER)
        patents_stored.connect(tasks.after_import, dispatch_uid="deals.after_import")
