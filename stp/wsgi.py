"""WSGI entry point: `gunicorn stp.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stp.settings")
application = get_wsgi_application()
