from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhichan.agencies"
    label = "agencies"
    verbose_name = "服务机构监管"
