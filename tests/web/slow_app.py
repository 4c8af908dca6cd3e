"""A WSGI application with one slow path, for the server tests: /slow sleeps, anything else answers at once."""

import time


def application(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        time.sleep(30)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
