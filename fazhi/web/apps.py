from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site shell on top of every domain: home page, navigation, the web server command."""

    name = "fazhi.web"
    label = "web"
    verbose_name = "门户"
