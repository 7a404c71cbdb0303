"""gunicorn settings for the scaled mode: `gunicorn -c gunicorn.conf.py` (behind a reverse proxy).

The access log never records a client address, a forwarded address or a user agent, nor the
query string (it may carry what a person typed): time, method, path, status, size, duration.
Proxy headers are trusted by the application (ProxyFix, PORTAL_PROXY_COUNT), not by gunicorn.
"""

import multiprocessing
import os

wsgi_app = "app:create_app()"
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8)))
timeout = 60
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# gunicorn itself must not rewrite the scheme or address from proxy headers: one place decides.
forwarded_allow_ips = ""
proxy_allow_ips = ""
