from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "zhichan.patents"
    label = "patents"
    verbose_name = "专利"
