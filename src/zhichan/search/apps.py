from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhichan.search"
    label = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        from zhichan.patents.signals import patents_stored
        from zhichan.search import jobs, tasks  # noqa: F401  (job handlers, periodic drain)

        patents_stored.connect(tasks.after_import, dispatch_uid="search.after_import")
