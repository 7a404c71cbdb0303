"""Render deploy/nginx/portal.conf, and a whole nginx.conf for a local trial (`make scaled`, tests).

    python -m deploy.nginx_conf site --server-name portal.example.cn \
        --public-origin https://portal.example.cn --upstream 127.0.0.1:8000 \
        --certificate /etc/ssl/portal.pem --certificate-key /etc/ssl/private/portal.key \
        > /etc/nginx/sites-available/portal

A local trial runs Debian's nginx as it is installed (`apt-get install nginx`), with every file
it writes (pid, logs, temporary bodies, the page cache) under one folder of ours: no change to
/etc/nginx, no port below 1024.
"""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess  # nosec B404 # runs only openssl, with an argument list
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_DIR = HERE.parent
SITE_TEMPLATE = HERE / "nginx" / "portal.conf"
STATIC_HEADERS = HERE / "nginx" / "static-headers.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


@dataclass(frozen=True)
class Site:
    """What the site template needs."""

    upstream: str
    public_origin: str
    certificate: str
    certificate_key: str
    cache_dir: str = "/var/cache/nginx/portal"
    access_log: str = "/var/log/nginx/portal-access.log"
    server_name: str = "_"
    http_listen: str = "80"
    https_listen: str = "443"
    app_dir: str = str(APP_DIR)


def render_site(site: Site) -> str:
    """The site file with every placeholder filled; refuses to leave one unfilled."""
    text = SITE_TEMPLATE.read_text()
    values = {
        "UPSTREAM": site.upstream,
        "PUBLIC_ORIGIN": site.public_origin.rstrip("/"),
        "CERTIFICATE": site.certificate,
        "CERTIFICATE_KEY": site.certificate_key,
        "CACHE_DIR": site.cache_dir,
        "ACCESS_LOG": site.access_log,
        "SERVER_NAME": site.server_name,
        "HTTP_LISTEN": site.http_listen,
        "HTTPS_LISTEN": site.https_listen,
        "APP_DIR": site.app_dir,
        "STATIC_HEADERS": str(STATIC_HEADERS),
    }
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if "@" in "".join(line.split("#")[0] for line in text.splitlines()):
        raise ValueError("deploy/nginx/portal.conf: a placeholder was left unfilled")
    return text


def local_main_conf(folder: Path, site: Site) -> Path:
    """A whole nginx.conf under `folder` (pid, logs, temp, cache there too) including the site."""
    for sub in ("logs", "temp", "cache"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "portal-site.conf").write_text(render_site(site))
    # A master started by root runs its workers as this user too: they must read our folders.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    include {folder}/portal-site.conf;
}}
"""
    )
    return conf


def self_signed_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throwaway certificate for a local trial (never committed: it lives in the instance)."""
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = folder / "localhost.pem", folder / "localhost.key"
    if not (certificate.exists() and key.exists()):
        subprocess.run(  # nosec B603 B607 # a list, no shell: Debian's openssl on our own paths
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host},DNS:localhost",
             "-keyout", str(key), "-out", str(certificate)],
            check=True, capture_output=True,
        )  # fmt: skip
        key.chmod(0o600)
    return certificate, key


def local_trial(folder: Path, upstream: str, http_port: int, https_port: int) -> tuple[Path, Path]:
    """Everything nginx needs for a trial on 127.0.0.1 under `folder`: (nginx.conf, certificate)."""
    certificate, key = self_signed_certificate(folder / "tls")
    site = Site(
        upstream=upstream,
        public_origin=f"https://127.0.0.1:{https_port}",
        certificate=str(certificate),
        certificate_key=str(key),
        cache_dir=str(folder / "nginx" / "cache"),
        access_log=str(folder / "nginx" / "logs" / "access.log"),
        server_name="127.0.0.1 localhost",
        http_listen=f"127.0.0.1:{http_port}",
        https_listen=f"127.0.0.1:{https_port}",
    )
    return local_main_conf(folder / "nginx", site), certificate


def nginx_command(conf: Path) -> list[str]:
    """Debian's nginx on our own configuration and prefix; errors before the config go to stderr."""
    return ["nginx", "-e", "stderr", "-p", str(conf.parent), "-c", str(conf)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["site"])
    parser.add_argument("--upstream", default="127.0.0.1:8000")
    parser.add_argument("--public-origin", required=True)
    parser.add_argument("--certificate", required=True)
    parser.add_argument("--certificate-key", required=True)
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/portal")
    parser.add_argument("--app-dir", default=str(APP_DIR))
    parser.add_argument("--access-log", default="/var/log/nginx/portal-access.log")
    options = parser.parse_args()
    print(
        render_site(
            Site(
                upstream=options.upstream,
                public_origin=options.public_origin,
                certificate=options.certificate,
                certificate_key=options.certificate_key,
                server_name=options.server_name,
                cache_dir=options.cache_dir,
                app_dir=options.app_dir,
                access_log=options.access_log,
            )
        ),
        end="",
    )


if __name__ == "__main__":
    main()
