from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "zhichan.market"
    label = "market"
    verbose_name = "运营交易"
