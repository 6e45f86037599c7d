from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhichan.core"
    label = "core"
    verbose_name = "核心"
