from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "zhichan.talent"
    label = "talent"
    verbose_name = "知识产权人才库"
