import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

# Every server that loads fazhi (gunicorn, waitress, runserver) passes here.
from fazhi.web.server import refuse_builtin_secret_key  # noqa: E402

refuse_builtin_secret_key()
