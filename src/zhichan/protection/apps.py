from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "zhichan.protection"
    label = "protection"
    verbose_name = "保护和预警"

    def ready(self) -> None:
        from zhichan.patents.signals import outbox_drained
        from zhichan.protection import tasks, watch_events  # noqa: F401  (the weekly digest task)

        outbox_drained.connect(watch_events.on_drained, dispatch_uid="protection.watch_events")
