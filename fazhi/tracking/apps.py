from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "fazhi.tracking"
    label = "tracking"
    verbose_name = "调度与督办"
