from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhichan.portal"
    label = "portal"
    verbose_name = "门户"
