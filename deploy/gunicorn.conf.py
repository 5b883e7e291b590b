"""gunicorn's settings for the web unit (deploy/systemd/nastavnik-web.service), read from the same
environment file as the portal: GUNICORN_BIND (127.0.0.1:8001), GUNICORN_WORKERS (4),
GUNICORN_THREADS (4), GUNICORN_TIMEOUT (60 s)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Behind the proxy on the same host: it sends X-Forwarded-Proto and X-Forwarded-For.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
