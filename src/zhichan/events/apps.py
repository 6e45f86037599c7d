from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "zhichan.events"
    label = "events"
    verbose_name = "对接会与活动"

    def ready(self) -> None:
        from zhichan.events import tasks  # noqa: F401  (the daily reminders and status steps)
