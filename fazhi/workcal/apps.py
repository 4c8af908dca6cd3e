from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "fazhi.workcal"
    label = "workcal"
    verbose_name = "工作日历"

    def ready(self):
        # Models may be imported only once the app registry is ready, hence here and not at the top.
        from django.core.signals import request_finished, request_started

        from fazhi.workcal.calendar import request_began, request_ended

        # Marks the request boundaries only: current_calendar() compares the stamp once per request.
        request_started.connect(request_began, dispatch_uid="workcal-request-began")
        request_finished.connect(request_ended, dispatch_uid="workcal-request-ended")
