from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "zhichan.patents"
    label = "patents"
    verbose_name = "专利"

    def ready(self) -> None:
        from zhichan.patents import jobs  # noqa: F401  (registers the import job handler)
