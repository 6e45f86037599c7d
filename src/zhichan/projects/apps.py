from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zhichan.projects"
    label = "projects"
    verbose_name = "项目与专家"
