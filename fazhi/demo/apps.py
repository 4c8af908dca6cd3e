from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo room: sample directories, the two seed plans, demo accounts, simulated quarters."""

    name = "fazhi.demo"
    label = "demo"
    verbose_name = "演示数据"
