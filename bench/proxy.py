"""What bench/load.py starts beside gunicorn to run "beyond one machine" on the loopback (issue 14; README, "Beyond one
machine"): nginx in front of several web processes, PgBouncer in transaction mode in front of PostgreSQL, and the
memory of every process sampled during the run. Each starter registers the process's stop on an ExitStack, so that
everything started is stopped however the run ends (an error, Ctrl-C, SIGTERM).

nginx and PgBouncer are the Debian packages (`apt-get install -y nginx pgbouncer`), each run in the foreground as a
child process with a generated configuration, pid file and logs in the run's temporary folder, on 127.0.0.1 and a free
port. nginx's `location /` block and upstream parameters are read from decocrm/deploy/nginx.conf, the production
proxy's, so the run goes through the same proxy settings (headers, buffering, timeouts), without TLS.

Loaded by path (importlib), as the scripts are run as files, not as a package.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

DEPLOY_NGINX = Path(__file__).resolve().parent.parent / "decocrm" / "deploy" / "nginx.conf"
MB = 1024 * 1024


def stop(process, timeout=30):
    """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _program(name):
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if path is None:
        sys.exit(f"{name} is missing: apt-get install -y {name}")
    return path


def _wait_for_port(port, process, name):
    import socket

    for _ in range(100):
        if process.poll() is not None:
            sys.exit(f"{name} ended at start-up (exit {process.returncode}); its log is in the run's folder")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{name} did not listen on 127.0.0.1:{port}")


# --- nginx ---------------------------------------------------------------------------------------


def deploy_proxy_settings():
    """The production proxy's `location /` block and its upstream server parameters (decocrm/deploy/nginx.conf)."""
    text = DEPLOY_NGINX.read_text(encoding="utf-8")
    location = re.search(r"^[ \t]*location / \{.*?^[ \t]*\}", text, re.DOTALL | re.MULTILINE)
    server = re.search(r"^\s*server web:\d+([^;]*);", text, re.MULTILINE)
    body = re.search(r"^\s*(client_max_body_size [^;]+;)", text, re.MULTILINE)
    if not (location and server and body):
        sys.exit(f"{DEPLOY_NGINX}: no `location /`, upstream `server web:…` or client_max_body_size found")
    return location.group(0), server.group(1).strip(), body.group(1)


def start_nginx(stack, folder, ports, port):
    """nginx on 127.0.0.1:port in front of gunicorn on `ports`; returns its process and its access log, one line per
    request: the upstream that answered ($upstream_addr), the status and nginx's time."""
    home = folder / "nginx"
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    location, server_params, body = deploy_proxy_settings()
    upstreams = "\n".join(f"        server 127.0.0.1:{p} {server_params};" for p in ports)
    access_log = home / "access.log"
    # As root, nginx's workers would switch to `nobody`, who cannot enter the run's private folder (its buffers
    # spill there): they stay the user that runs the benchmark, as gunicorn does.
    user = "user root root;" if os.geteuid() == 0 else ""
    config = f"""{user}
worker_processes 1;
daemon off;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    log_format upstream '$upstream_addr $status $request_time';
    access_log {access_log} upstream;
    client_body_temp_path {home}/client_body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
    upstream decocrm_web {{
{upstreams}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        {body}
{location}
    }}
}}
"""
    (home / "nginx.conf").write_text(config, encoding="utf-8")
    command = [_program("nginx"), "-p", str(home), "-e", str(home / "error.log"), "-c", str(home / "nginx.conf")]
    process = subprocess.Popen(command)
    stack.callback(stop, process)
    _wait_for_port(port, process, "nginx")
    return process, access_log


def upstream_split(access_log, offset=0):
    """Requests per upstream address in the access log from `offset` on (the one that answered: the last of
    $upstream_addr, which lists every one tried), and per upstream the count of 5xx answers; also the requests nginx
    passed on to more than one upstream (a refused connection, a timeout) and those it answered itself."""
    served, errors = Counter(), Counter()
    retried = answered_by_nginx = 0
    with open(access_log, encoding="utf-8") as log:
        log.seek(offset)
        for line in log:
            parts = line.rsplit(" ", 2)
            if len(parts) != 3:
                continue
            addresses, status = parts[0], parts[1]
            if addresses == "-":
                answered_by_nginx += 1
                continue
            tried = [a.strip() for a in re.split(r"[,:]\s", addresses)]  # "a, b" retried; "a : b" internal redirect
            retried += len(tried) > 1
            served[tried[-1]] += 1
            errors[tried[-1]] += status.startswith("5")
    return served, errors, retried, answered_by_nginx


# --- PgBouncer -----------------------------------------------------------------------------------


def start_pgbouncer(stack, folder, cfg, port, pool_size):
    """PgBouncer in transaction mode on 127.0.0.1:port in front of the database `cfg` (environ's db_url_config);
    returns the DATABASE_URL of the web processes. Authentication as PostgreSQL's (the benchmark's URL carries
    the password, if any); the admin console (database `pgbouncer`) is open to the same user for the statistics."""
    home = folder / "pgbouncer"
    home.mkdir()
    user, password = cfg["USER"], cfg["PASSWORD"] or ""
    (home / "users.txt").write_text(f'"{user}" "{password}"\n', encoding="utf-8")
    config = f"""[databases]
{cfg["NAME"]} = host={cfg["HOST"] or "127.0.0.1"} port={cfg["PORT"] or 5432} dbname={cfg["NAME"]}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = {"plain" if password else "trust"}
auth_file = {home / "users.txt"}
admin_users = {user}
stats_users = {user}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 500
logfile = {home / "pgbouncer.log"}
pidfile = {home / "pgbouncer.pid"}
"""
    (home / "pgbouncer.ini").write_text(config, encoding="utf-8")
    command = [_program("pgbouncer"), str(home / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root: it switches to PostgreSQL's system user
        shutil.chown(folder, "postgres")
        os.chmod(folder, 0o711)  # noqa: S103 (enter only: PgBouncer's own folder)
        shutil.chown(home, "postgres")
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # its log: logfile
    stack.callback(stop, process)
    _wait_for_port(port, process, "pgbouncer")
    auth = f"{user}:{password}@" if password else f"{user}@"
    return process, f"postgres://{auth}127.0.0.1:{port}/{cfg['NAME']}"


def pgbouncer_stats(cfg, port):
    """What PgBouncer counted for the database: transactions, queries, the longest wait for a server connection."""
    import psycopg2

    conn = psycopg2.connect(
        dbname="pgbouncer", user=cfg["USER"], password=cfg["PASSWORD"] or "", host="127.0.0.1", port=port
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW STATS")
            names = [c.name for c in cur.description]
            stats = next((dict(zip(names, row, strict=True)) for row in cur.fetchall() if row[0] == cfg["NAME"]), {})
            cur.execute("SHOW POOLS")
            names = [c.name for c in cur.description]
            pools = [dict(zip(names, row, strict=True)) for row in cur.fetchall() if row[0] == cfg["NAME"]]
    finally:
        conn.close()
    return stats, pools


# --- memory --------------------------------------------------------------------------------------


class MemorySampler(threading.Thread):
    """The RSS of each watched process tree (a gunicorn master and its workers, nginx and its worker) every
    `interval` s: the peak and the last sample of each tree's sum and of each process in it."""

    def __init__(self, trees, interval=2.0):
        super().__init__(daemon=True)
        self.trees, self.interval, self.done = trees, interval, threading.Event()  # trees: {name: pid of its root}
        self.total_peak, self.total_end = Counter(), Counter()
        self.process_peak, self.process_end = defaultdict(Counter), defaultdict(dict)

    def sample(self):
        import psutil

        for name, pid in self.trees.items():
            try:
                root = psutil.Process(pid)
                members = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            sizes = {}
            for member in members:
                with contextlib.suppress(psutil.NoSuchProcess):
                    sizes[member.pid] = member.memory_info().rss
            self.process_end[name] = sizes
            for member, rss in sizes.items():
                self.process_peak[name][member] = max(self.process_peak[name][member], rss)
            self.total_end[name] = sum(sizes.values())
            self.total_peak[name] = max(self.total_peak[name], self.total_end[name])

    def run(self):
        self.sample()
        while not self.done.wait(self.interval):
            self.sample()

    def stop(self):
        """The last sample (the end figures), taken while the processes still run."""
        self.done.set()
        self.join(timeout=10)
        self.sample()

    def report(self):
        print("\nmemory (RSS, MB: peak during the run / at its end; a forked worker shares pages with its master, so "
              "a sum counts them more than once):")  # fmt: skip
        for name, root in self.trees.items():
            peaks, ends = self.process_peak[name], self.process_end[name]
            print(f"  {name}: {len(peaks)} processes, {self.total_peak[name] / MB:.0f} / "
                  f"{self.total_end[name] / MB:.0f}")  # fmt: skip
            for pid in sorted(peaks, key=lambda p: (p != root, p)):
                role = "master" if pid == root else "worker"
                end = f"{ends[pid] / MB:.0f}" if pid in ends else "ended"
                print(f"    {role} {pid}: {peaks[pid] / MB:.0f} / {end}")
