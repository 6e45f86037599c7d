from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhichan.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from django.utils.translation import gettext

        from zhichan.core.workflow import machine

        machine.translate = gettext  # the engine's refusals, put into words in the reader's language when shown
