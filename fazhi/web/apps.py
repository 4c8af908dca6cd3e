from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site shell on top of every domain: home page, navigation, the web server command."""

    name = "fazhi.web"
    label = "web"
    verbose_name = "门户"

    def ready(self):
        # The sign-in time lets pages warn before the session runs out (fazhi.web.sessions).
        from django.contrib.auth.signals import user_logged_in  # app registry is ready only here

        from fazhi.web.sessions import remember_sign_in  # idem

        user_logged_in.connect(remember_sign_in, dispatch_uid="fazhi.web.remember_sign_in")
