from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "zhichan.navigation"
    label = "navigation"
    verbose_name = "专利导航"

    def ready(self) -> None:
        from zhichan.navigation import jobs  # noqa: F401  (job handlers)
