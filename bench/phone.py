#!/usr/bin/env python
"""Phone use, measured (issue 9): each main page as each role on a 390 px phone over slow 4G with a 4x slower CPU.

    .venv/bin/python bench/phone.py [--reseed] [--roles sales,manager] [--url http://127.0.0.1:8000]

1. Without --url: creates its own database (decocrm_bench_phone, kept between runs; --reseed starts afresh), fills it
   with `seed_demo`, collects the static files and starts gunicorn with production settings (DEBUG=0, manifest
   static storage served by whitenoise; only the HTTPS redirect and secure cookies are off), as bench/leads.py does.
   With --url: measures that running server instead (its demo users must exist, password `decocrm-demo`).
2. Drives Debian's Chromium (/usr/bin/chromium) through Playwright at 390x844, touch, device scale 2. Each role logs
   in through the login form; then for each page it clears the browser cache, turns the throttling on through the
   DevTools protocol (Network.emulateNetworkConditions: Lighthouse's "slow 4G", 150 ms round trip, 1.6 Mbit/s down,
   750 kbit/s up; Emulation.setCPUThrottlingRate 4) and loads the page cold, then reports
     LCP        largest-contentful-paint of that load (PerformanceObserver, buffered), seconds
     KB         bytes transferred for the load (sum of Network.loadingFinished encodedDataLength: HTML, CSS, JS, fonts)
     taps<44    visible tap targets (links, buttons, inputs, selects, summaries) less than 44 px wide or high,
                with every folded <details> of the page opened (filters, quick action forms)
     axe        axe-core violations by impact (critical/serious/moderate/minor), throttling off while it runs
   LCP and KB are the median of --runs cold loads (3): on a busy machine one load can take twice as long.
   On the home page the mobile menu is also opened and checked (its links' contrast on the blue bar).
axe-core comes from the npm registry (`npm install axe-core@4` into var/bench-axe/ on the first run; no CDN) and is
evaluated in the page through the DevTools protocol, which the page's Content-Security-Policy does not govern.
Targets: 0 serious or critical axe violations, no tap target under 44 px, a cold page <= 120 KB, LCP <= 2.0 s.
"""

import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_common", ROOT / "bench" / "common.py")
bench_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_common)  # the database, Django and gunicorn helpers the benchmarks share

PASSWORD = "decocrm-demo"  # noqa: S105 - seed_demo's demo-only password
PHONE = {"width": 390, "height": 844}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 96000}
CPU_SLOWDOWN = 4
TARGET_KB, TARGET_LCP, TARGET_TAP = 120, 2.0, 44
AXE_DIR = ROOT / "var" / "bench-axe"

# (name, path); "{lead}" and "{customer}" are the first ones the role's lists show. A page the role may not open
# (403/404) is skipped.
PAGES = [
    ("home", "/"),
    ("leads", "/leads/"),
    ("lead", "{lead}"),
    ("new lead", "/leads/new/"),
    ("pool", "/leads/pool/"),
    ("appeals", "/leads/appeals/"),
    ("customers", "/customers/"),
    ("customer", "{customer}"),
    ("edit customer", "{customer}edit/"),
    ("key accounts", "/customers/key-accounts/"),
    ("contracts", "/contracts/"),
    ("contract", "{contract}"),
    ("my clocks", "/sla/mine/"),
    ("notifications", "/notifications/"),
    ("dashboard", "/sla/dashboard/"),
    ("reports", "/leads/reports/"),
]
ROLES = ["sales", "manager", "gm", "designer", "pm", "aftersales", "service"]

TAP_TARGETS_JS = """(min) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], '
    + '[tabindex]:not([tabindex="-1"])';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    let rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || getComputedStyle(el).visibility === 'hidden') continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
      // The label is part of the target: take the box around the input and its label.
      const l = el.labels[0].getBoundingClientRect(), c = el.closest('.form-check') || el.labels[0];
      const box = c.getBoundingClientRect();
      rect = {width: Math.max(box.width, l.right - rect.left), height: Math.max(box.height, l.height, rect.height)};
    }
    if (rect.width < min || rect.height < min) {
      const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '').trim().slice(0, 24);
      const size = `${Math.round(rect.width)}x${Math.round(rect.height)}`;
      small.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}" ${size}`);
    }
  }
  return small;
}"""

LCP_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const e = list.getEntries()[list.getEntries().length - 1], el = e.element;
    const what = el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || '').slice(0, 20)}"`
      : '';
    resolve([e.startTime, what]);
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve([null, '']), 3000);
})"""

AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated demo usernames")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page (median LCP and bytes)")
    parser.add_argument("--details", action="store_true", help="list every small tap target and axe node")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/decocrm_bench_phone"),
    )
    return parser.parse_args()


def axe_source():
    path = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-save", "--prefix", str(AXE_DIR), "axe-core@4"], check=True)
    return path.read_text()


def seed(database_url, reseed):
    bench_common.ensure_database(database_url, reseed=reseed)
    bench_common.setup_django(database_url)
    from django.core.management import call_command

    from decocrm.accounts.models import User

    if not User.objects.filter(username="sales").exists():
        call_command("seed_demo", stdout=sys.stdout)


class Meter:
    """One logged-in role: a page with a DevTools session that counts the bytes of each load."""

    def __init__(self, browser, base, username):
        self.base = base
        self.context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
        )
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.bytes = 0
        self.cdp.on("Network.loadingFinished", self._finished)
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("#login-form button[type=submit]")
        self.page.wait_for_load_state("load")
        if "/accounts/login/" in self.page.url:
            raise SystemExit(f"{username}: login failed")

    def _finished(self, event):
        self.bytes += event.get("encodedDataLength", 0)

    def throttle(self, on):
        off = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        self.cdp.send("Network.emulateNetworkConditions", SLOW_4G if on else off)
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN if on else 1})

    def first_link(self, list_path, pattern):
        self.page.goto(self.base + list_path)
        for href in self.page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))"):
            if re.fullmatch(pattern, href):
                return href
        return None

    def cold_load(self, path):
        self.cdp.send("Network.clearBrowserCache")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.throttle(True)
        self.bytes = 0
        response = self.page.goto(self.base + path, wait_until="load")
        lcp, self.lcp_element = self.page.evaluate(LCP_JS)
        self.page.wait_for_timeout(300)  # late loadingFinished events (fonts)
        transferred = self.bytes
        self.throttle(False)
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        return response.status, (lcp / 1000 if lcp else None), transferred / 1024

    def measure(self, path, axe, runs):
        """The median LCP and bytes of `runs` cold loads; tap targets and axe on the last one."""
        loads = [self.cold_load(path)]
        if loads[0][0] != 200:  # a page this role may not open
            return {"status": loads[0][0]}
        loads += [self.cold_load(path) for _ in range(runs - 1)]
        lcps = [lcp for _, lcp, _ in loads if lcp is not None]
        return {
            "status": 200,
            "lcp": statistics.median(lcps) if lcps else None,
            "lcp_element": self.lcp_element,
            "kb": statistics.median(kb for _, _, kb in loads),
            "taps": self.open_all_and_measure_taps(),
            "axe": self.axe(axe),
        }

    def open_all_and_measure_taps(self):
        """Folded parts (filters, quick actions) open, as a user would open them: their controls count too."""
        self.page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        return self.page.evaluate(TAP_TARGETS_JS, TARGET_TAP)

    def axe(self, source):
        self.page.evaluate(source)
        return self.page.evaluate(AXE_JS)

    def menu(self, axe):
        """The mobile menu opened on the current page: its tap targets and axe violations."""
        self.page.click(".navbar-toggler")
        self.page.wait_for_selector("#mainNav.show")
        taps = self.page.evaluate(TAP_TARGETS_JS, TARGET_TAP)
        return {"status": 200, "lcp": None, "kb": None, "taps": taps, "axe": self.axe(axe)}


def impacts(violations):
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for v in violations:
        counts[v["impact"] or "minor"] += v["nodes"]
    return counts


def row(role, name, result, details):
    if result["status"] != 200:
        return None
    counts = impacts(result["axe"])
    lcp = f"{result['lcp']:.2f}" if result["lcp"] is not None else "-"
    kb = f"{result['kb']:.0f}" if result["kb"] is not None else "-"
    over = []
    if result["lcp"] is not None and result["lcp"] > TARGET_LCP:
        over.append("LCP")
    if result["kb"] is not None and result["kb"] > TARGET_KB:
        over.append("KB")
    if result["taps"]:
        over.append("taps")
    if counts["critical"] or counts["serious"]:
        over.append("axe")
    axe_text = "/".join(str(counts[k]) for k in ("critical", "serious", "moderate", "minor"))
    print(f"{role:<11} {name:<16} {lcp:>6} {kb:>6} {len(result['taps']):>7}  {axe_text:<11} {', '.join(over) or 'ok'}")
    serious = [v for v in result["axe"] if v["impact"] in ("critical", "serious")]
    for v in serious if not details else result["axe"]:
        print(f"{'':<29}axe {v['impact']} {v['id']} x{v['nodes']}: {'; '.join(v['targets'])}")
    if details and result.get("lcp_element"):
        print(f"{'':<29}LCP element: {result['lcp_element']}")
    for tap in result["taps"] if details else result["taps"][:3]:
        print(f"{'':<29}tap {tap}")
    return over


def main():
    args = parse_args()
    from playwright.sync_api import sync_playwright

    axe = axe_source()
    server = None
    static_root = tempfile.TemporaryDirectory(prefix="decocrm-bench-static-")
    if args.url:
        base = args.url.rstrip("/")
    else:
        seed(args.database_url, args.reseed)
        port = bench_common.free_port()
        server = bench_common.start_gunicorn(args.database_url, port, static_root.name)
        base = f"http://127.0.0.1:{port}"
    wanted = set(filter(None, args.pages.split(",")))
    failures = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
            )
            print(
                f"server {base}; 390x844, slow 4G ({json.dumps(SLOW_4G)}), CPU x{CPU_SLOWDOWN}, cold cache, "
                f"median of {args.runs} loads; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
            )
            print(f"{'role':<11} {'page':<16} {'LCP s':>6} {'KB':>6} {'taps<44':>7}  axe c/s/m/m  over target")
            for role in args.roles.split(","):
                meter = Meter(browser, base, role)
                links = {
                    "{lead}": meter.first_link("/leads/", r"/leads/\d+/"),
                    "{customer}": meter.first_link("/customers/", r"/customers/\d+/"),
                    "{contract}": meter.first_link("/contracts/", r"/contracts/\d+/"),
                }
                for name, path in PAGES:
                    if wanted and name not in wanted:
                        continue
                    for placeholder, link in links.items():
                        if placeholder in path:
                            path = path.replace(placeholder, link) if link else None
                            break
                    if path is None:
                        continue
                    over = row(role, name, meter.measure(path, axe, args.runs), args.details)
                    failures += bool(over)
                    if name == "home" and role == args.roles.split(",")[0]:
                        failures += bool(row(role, "home, menu open", meter.menu(axe), args.details))
                meter.context.close()
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        static_root.cleanup()
    print(
        f"\ntargets: LCP <= {TARGET_LCP} s, cold page <= {TARGET_KB} KB, every tap target >= {TARGET_TAP} px, "
        f"0 critical/serious axe violations; pages over a target: {failures}"
    )


if __name__ == "__main__":
    main()
