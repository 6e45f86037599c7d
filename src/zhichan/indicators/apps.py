from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhichan.indicators"
    label = "indicators"
    verbose_name = "指标"
