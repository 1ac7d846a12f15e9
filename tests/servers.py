"""Real servers for the deployment tests: gunicorn with deploy/gunicorn.conf.py, nginx with
deploy/nginx.conf, Redis. All on 127.0.0.1 or a socket in a temporary folder; all stopped."""

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds=30, what="a server"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not start")


def answers(port, path="/healthz"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().status < 500
    finally:
        connection.close()


def site_environment(workdir, **extra):
    """The production settings, as a deployment would set them."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="asean_portal.settings.prod",
        DJANGO_SECRET_KEY="deploy-test-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="portal.example,127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://portal.example",
        DJANGO_CLIENT_IP_HEADER="X-Real-IP",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_CACHE_DIR=str(workdir / "cache"),
        MEDIA_ROOT=str(workdir / "media"),
        DATABASE_URL=f"sqlite:///{workdir}/site.sqlite3",
        WEB_CONCURRENCY="2",
    )
    environment.update(extra)
    return environment


def manage(environment, *args):
    """manage.py in a process of its own with ``environment``; what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare_site(environment):
    """What a deployment does before starting: migrate, collectstatic; the demo, for content
    and the demo accounts."""
    manage(environment, "migrate", "--no-input")
    manage(environment, "collectstatic", "--no-input")
    manage(environment, "load_demo", "--allow-production")


class Gunicorn:
    """gunicorn as deployed, serving the portal (or ``application``, another WSGI app)."""

    def __init__(self, environment, workdir, name="gunicorn", application=None):
        self.port = free_port()
        self.log = open(workdir / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                *("-c", "deploy/gunicorn.conf.py"),
                *([application] if application else []),
            ],
            cwd=ROOT,
            env={**environment, "PORT": str(self.port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: answers(self.port), what="gunicorn")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def self_signed_certificate(workdir):
    key, certificate = workdir / "portal.key", workdir / "portal.crt"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=portal.example",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return key, certificate


class Nginx:
    """deploy/nginx.conf as shipped, with only its example host, paths, ports and upstream
    servers replaced (and what a test names in ``changes``), inside a minimal nginx.conf of
    its own."""

    def __init__(self, workdir, upstream_ports, changes=None):
        self.upstream_ports = upstream_ports
        self.root = workdir / "nginx"
        (self.root / "logs").mkdir(parents=True)
        self.http_port, self.https_port = free_port(), free_port()
        key, certificate = self_signed_certificate(workdir)
        site = (ROOT / "deploy/nginx.conf").read_text()
        servers = "".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in upstream_ports
        )
        replacements = {
            "    server 127.0.0.1:8000 max_fails=1 fail_timeout=5s;\n": servers,
            "    listen 80;\n": f"    listen 127.0.0.1:{self.http_port};\n",
            "    listen [::]:80;\n": "",
            "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{self.https_port} ssl http2;\n",
            "    listen [::]:443 ssl http2;\n": "",
            "/etc/letsencrypt/live/portal.example/fullchain.pem": str(certificate),
            "/etc/letsencrypt/live/portal.example/privkey.pem": str(key),
            "/srv/asean-portal/staticfiles/": f"{workdir}/static/",
            "/srv/asean-portal/media/": f"{workdir}/media/",
            **(changes or {}),
        }
        for old, new in replacements.items():
            assert old in site, f"deploy/nginx.conf no longer has {old!r}"
            site = site.replace(old, new)
        temp = self.root / "tmp"
        (self.root / "nginx.conf").write_text(
            # As root, nginx's workers would run as nobody, who cannot read the temporary folders.
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"""pid {self.root}/nginx.pid;
error_log {self.root}/logs/error.log;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.root}/logs/access.log;
    client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
    uwsgi_temp_path {temp}; scgi_temp_path {temp};
{site}
}}
"""
        )
        self.process = subprocess.Popen(
            [
                "nginx",
                "-p",
                str(self.root),
                "-c",
                str(self.root / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.started, what="nginx")

    def started(self):
        if self.process.poll() is not None:
            raise RuntimeError((self.root / "logs/error.log").read_text())
        return self.request("GET", "/healthz").status == 204

    def request(self, method, path, body=None, headers=None, tls=True, source="127.0.0.1"):
        """One request to nginx, from the loopback address ``source`` (any 127.x.y.z: a client
        of its own)."""
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.https_port,
                context=context,
                timeout=10,
                source_address=(source, 0),
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.http_port, timeout=10, source_address=(source, 0)
            )
        try:
            connection.request(
                method, path, body=body, headers={"Host": "portal.example", **(headers or {})}
            )
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Redis:
    def __init__(self, workdir):
        self.socket = workdir / "redis.sock"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.socket.exists, what="Redis")
        self.url = f"unix://{self.socket}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def missing(*programs):
    return [program for program in programs if shutil.which(program) is None]


def postgres_database(name):
    """A database of its own on the test run's PostgreSQL server, and its URL."""
    import psycopg

    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    host = urllib.parse.quote(settings["HOST"], safe="")
    url = f"postgres://{settings['USER']}@{host}:{params['port']}/{name}"

    def drop():
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop
