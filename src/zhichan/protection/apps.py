from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "zhichan.protection"
    label = "protection"
    verbose_name = "保护和预警"
