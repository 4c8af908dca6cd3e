from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "fazhi.files"
    label = "files"
    verbose_name = "文件"
