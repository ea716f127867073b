"""The workbench over forwarded X11, as a student on a slow link feels it: bytes, redraw latency, training speed.

Starts Xvfb and, for each link, a proxy in front of it that models that link (bench/x11_link.py: bandwidth,
round-trip latency, optionally ssh -C's compression) and accounts for every X11 request. On each link it
runs cnn-workbench with QT_XCB_NO_MITSHM=1 (as in the container) on a short-epoch CIFAR-10 subset with the
charts visible, and measures
  - the X11 traffic per second over the steady part of the run, epoch ends included, and which requests
    carry it (PutImage rectangles by size);
  - the run's training images/s against the same run by `cnnwb train` with no window, in the same script;
  - after the run, tab switches (Ctrl+1..6, key presses injected at the X server as a user's would be):
    the time from the key press until the last byte of the redraw has reached the X server (median of N).

    python3 bench/x11_traffic.py DATA_DIR [--seconds 40] [--per-class 1000] [--links none,lab,vpn,vpn-C] [--rounds 1]
Goals (issue "Light and responsive over ssh -X"): <= 100 KB/s; over vpn a tab switch <= 300 ms and
training >= 95 % of the speed with no window.
"""
import argparse
import csv
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import x11_link  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_DISPLAY = 77
# name: (bytes per second, round trip in seconds, compressed like ssh -C)
LINKS = {
    "none": (0.0, 0.0, False),
    "lab": (10e6, 0.005, False),
    "vpn": (2e6, 0.040, False),
    "vpn-C": (2e6, 0.040, True),
}
PAGES = ["Data", "Model", "Training", "Results", "Insight", "Runs"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="CIFAR-10 JPEG ImageFolder (train/, test/)")
    parser.add_argument("--seconds", type=float, default=40.0, help="training time per link, roughly")
    parser.add_argument("--per-class", type=int, default=1000, help="training images per class (test: a fifth)")
    parser.add_argument("--links", default="none,lab,vpn,vpn-C", help="comma-separated: " + ", ".join(LINKS))
    parser.add_argument("--tab-switches", type=int, default=10, help="in the first round")
    parser.add_argument("--rounds", type=int, default=1, help="window runs per link, each after its reference")
    parser.add_argument("--screen", default="1600x1000")
    parser.add_argument("--gui", default=os.path.join(ROOT, "build/release/bin/cnn-workbench"))
    parser.add_argument("--cli", default=os.path.join(ROOT, "build/release/bin/cnnwb"))
    return parser.parse_args()


def make_subset(data, per_class, work):
    """Symbolic links to the first images of each class: short epochs, so epoch ends come often."""
    subset = os.path.join(work, "data")
    for split, count in (("train", per_class), ("test", max(1, per_class // 5))):
        for cls in sorted(os.listdir(os.path.join(data, split))):
            src = os.path.join(data, split, cls)
            dst = os.path.join(subset, split, cls)
            os.makedirs(dst)
            for name in sorted(os.listdir(src))[:count]:
                os.symlink(os.path.join(src, name), os.path.join(dst, name))
    return subset


def write_experiment(work, data, epochs):
    experiment = {
        "version": 1,
        "model": json.load(open(os.path.join(ROOT, "resources/presets/simple_cnn.json"))),
        "data": {"folder": data},
        "training": {"epochs": epochs, "batch_size": 64, "device": "cpu"},
    }
    path = os.path.join(work, f"experiment-{epochs}.json")
    with open(path, "w") as f:
        json.dump(experiment, f)
    return path


def metrics_rows(path):
    try:
        with open(path) as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def training_speed(rows):
    """Median images/s over the epochs after the first (which pays for start-up in both programs)."""
    speeds = [float(r["images_per_second"]) for r in rows[1:] or rows]
    return statistics.median(speeds) if speeds else 0.0


def engine_run(args, experiment, work, tag=""):
    out = os.path.join(work, f"engine-{os.path.basename(experiment).removesuffix('.json')}{tag}")
    subprocess.run([args.cli, "train", "--experiment", experiment, "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return metrics_rows(os.path.join(out, "metrics.csv"))


class KeyPresser:
    """Key presses injected at the X server (XTest), as a user's keyboard makes them: the event then
    travels to the client over the modelled link like a real one over ssh -X."""

    def __init__(self, display):
        self.x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
        self.xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open display {display}")

    def code(self, name):
        return self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(name.encode()))

    def focus(self, display, title):
        """Gives the window keyboard focus, as a window manager does on a click (Xvfb has none)."""
        tree = subprocess.run(["xwininfo", "-display", display, "-root", "-children"], capture_output=True,
                              text=True).stdout
        ids = [line.split()[0] for line in tree.splitlines() if f'{title}": ("' in line]
        if not ids:
            raise RuntimeError(f"no window titled {title} on {display}")
        self.x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
        self.x11.XSetInputFocus(self.display, int(ids[0], 16), 2, 0)  # RevertToParent, CurrentTime
        self.x11.XSync(self.display, 0)

    def press_ctrl(self, key):
        ctrl, code = self.code("Control_L"), self.code(key)
        for keycode, down in ((ctrl, 1), (code, 1), (code, 0), (ctrl, 0)):
            self.xtst.XTestFakeKeyEvent(self.display, keycode, down, 0)
        self.x11.XSync(self.display, 0)


def redraw_time(proxy, presser, page, quiet=0.5, timeout=8.0):
    """Seconds from the key press to the last byte of the redraw at the server; None if nothing came."""
    time.sleep(quiet)  # nothing in flight before the press
    t0 = time.monotonic()
    presser.press_ctrl(str(page + 1))
    while time.monotonic() - t0 < timeout:
        time.sleep(0.05)
        last = proxy.last_arrival_after(t0)
        if last is not None and time.monotonic() - last >= quiet:
            return last - t0
    return None


def tab_switches(proxy, presser, count):
    # Away from the Training page first, then a round of the pages: each switch draws a different page.
    order = [1, 3, 4, 5, 0, 2]
    times = []
    for i in range(count):
        page = order[i % len(order)]
        t = redraw_time(proxy, presser, page)
        times.append(t)
    return times


def wait_for_run(metrics_dir, epochs, app, timeout):
    """The run folder the window wrote, once all its epochs are in metrics.csv."""
    t0 = time.time()
    while time.time() - t0 < timeout and app.poll() is None:
        for stamp in sorted(os.listdir(metrics_dir)) if os.path.isdir(metrics_dir) else []:
            rows = metrics_rows(os.path.join(metrics_dir, stamp, "metrics.csv"))
            if len(rows) >= epochs:
                return rows
        time.sleep(0.5)
    return []


def sample_traffic(proxy, metrics_dir, epochs, app, seconds):
    """Bytes from the first epoch's end (window drawn, dataset loaded, charts started) to the end of the
    last but one: steady training with its epoch ends, not the start-up nor the run's end (whose results,
    tables and messages are drawn once and are timed by the tab switches' kind of measurement)."""
    wait_for_run(metrics_dir, 1, app, seconds * 4 + 120)
    cpu0 = time.process_time()
    start_requests = proxy.requests()
    start_raw, start_zip = proxy.totals()
    t0 = time.monotonic()
    wait_for_run(metrics_dir, epochs - 1, app, seconds * 4 + 120)
    elapsed = time.monotonic() - t0
    print(f"    the proxy used {(time.process_time() - cpu0) / elapsed:.1%} of a core", flush=True)
    raw, zipped = proxy.totals()
    up = raw["to_server"] - start_raw["to_server"]
    down = raw["to_client"] - start_raw["to_client"]
    up_zip = zipped["to_server"] - start_zip["to_server"]
    down_zip = zipped["to_client"] - start_zip["to_client"]
    requests = tuple(now - before for now, before in zip(proxy.requests(), start_requests))
    rows = wait_for_run(metrics_dir, epochs, app, seconds * 4 + 120)
    if os.environ.get("X11_TIMELINE"):
        for t, w, h, x, y, size in proxy.images(t0, 100 * 1024):
            print(f"    {t - t0:6.2f} s  {w} x {h} at {x}, {y}")
        with open(os.environ["X11_TIMELINE"], "a") as f:
            json.dump([[t - t0, w, h, x, y, size] for t, w, h, x, y, size in proxy.images(t0)], f)
            f.write("\n")
        print("    epoch durations (s):", [round(float(r["seconds"]), 1) for r in rows])
    return rows, elapsed, (up, down, up_zip, down_zip), requests


def gui_run(args, link_name, experiment, epochs, work, round_index):
    bandwidth, rtt, compress = LINKS[link_name]
    proxy_display = 78 + round_index * len(LINKS) + list(LINKS).index(link_name)
    proxy = x11_link.X11Proxy(SERVER_DISPLAY, proxy_display, bandwidth, rtt, compress)
    home = os.path.join(work, f"home-{link_name}-{round_index}")
    os.makedirs(home)
    env = dict(os.environ, DISPLAY=f"127.0.0.1:{proxy_display}", QT_XCB_NO_MITSHM="1", XDG_DATA_HOME=home,
               XDG_CONFIG_HOME=home, QT_QPA_PLATFORM="xcb", CNNWB_NO_TOUR="1", LANG="C.UTF-8")
    log = open(os.path.join(home, "stderr.log"), "w")
    app = subprocess.Popen([args.gui, experiment, "--train"], env=env, stdout=log, stderr=log)
    result = {"link": link_name}
    try:
        rows, elapsed, traffic, requests = sample_traffic(proxy, os.path.join(home, "cnn-workbench/runs"), epochs, app,
                                                args.seconds)
        result.update(rows=rows, elapsed=elapsed, traffic=traffic, requests=requests)
        time.sleep(3)  # the run's end: results, insight and runs pages fill in
        presser = KeyPresser(f":{SERVER_DISPLAY}")
        presser.focus(f":{SERVER_DISPLAY}", "CNN Workbench")
        result["switches"] = tab_switches(proxy, presser, args.tab_switches if round_index == 0 else 0)
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        proxy.close()
        log.close()
    return result


def describe_link(name):
    bandwidth, rtt, compress = LINKS[name]
    if not bandwidth:
        return "no limit"
    return f"{bandwidth / 1e6:g} MB/s, {rtt * 1000:g} ms{', ssh -C' if compress else ''}"


def kb_per_second(r):
    up, down, up_zip, down_zip = r["traffic"]
    return (up + down) / r["elapsed"] / 1024, (up_zip + down_zip) / r["elapsed"] / 1024


def link_line(name, rounds):
    """One link's medians over its rounds, then each round's own figures."""
    kb = [kb_per_second(r) for r in rounds]
    ratios = [training_speed(r["rows"]) / r["engine_speed"] for r in rounds]
    done = [t for r in rounds for t in r["switches"] if t is not None]
    missed = sum(len(r["switches"]) for r in rounds) - len(done)
    switch = f"{statistics.median(done) * 1000:.0f}, {max(done) * 1000:.0f}" if done else "-"
    detail = ", ".join(f"{k:.0f} KB/s {training_speed(r['rows']):.0f}/{r['engine_speed']:.0f} img/s"
                       for (k, _), r in zip(kb, rounds))
    missed_text = f" ({missed} switches without a redraw)" if missed else ""
    return (f"{name:8} {statistics.median(k for k, _ in kb):9.1f} {statistics.median(z for _, z in kb):7.1f} "
            f"{statistics.median(ratios):14.1%} {switch:>28}   {detail}{missed_text}   [{describe_link(name)}]")


def report(results, extensions, goal_kb=100.0):
    print(f"\n{'link':8} {'X11 KB/s':>9} {'(-C)':>7} {'GUI/no window':>14} {'tab switch ms (median, max)':>28}   rounds")
    for name in dict.fromkeys(r["link"] for r in results):
        print(link_line(name, [r for r in results if r["link"] == name]))
    print("images/s: median of the epochs after the first; 'no window': `cnnwb train` on the same experiment, "
          "run just before that window")
    print(f"goals: <= {goal_kb:g} KB/s; over vpn a tab switch <= 300 ms, training >= 95 % of no window")
    print_requests(results[0], extensions)


def print_requests(result, extensions):
    bytes_by_op, count_by_op, images = result["requests"]
    total = sum(bytes_by_op.values()) or 1
    print(f"\nwhat the client sent on '{result['link']}' (from the first epoch's end to the last but one's):")
    for op, size in bytes_by_op.most_common(8):
        print(f"  {x11_link.request_name(op, extensions):28} {size / 1024:10.0f} KB {size / total:6.1%} "
              f"{count_by_op[op]:8} requests")
    print("  PutImage rectangles, largest share first (width x height at x, y in the window: KB, times):")
    for (w, h, x, y), size in images.most_common(16):
        print(f"    {w:5} x {h:<5} at {x:4}, {y:<4} {size / 1024:10.0f} KB {size / (w * h * 4 + 24):6.0f}")


def main():
    args = parse_args()
    work = tempfile.mkdtemp(prefix="cnnwb-x11-")
    data = make_subset(os.path.abspath(args.data), args.per_class, work)
    probe = engine_run(args, write_experiment(work, data, 2), work)
    epoch_seconds = max(0.5, float(probe[-1]["seconds"]))
    epochs = max(3, int(args.seconds / epoch_seconds + 0.5))
    experiment = write_experiment(work, data, epochs)
    print(f"{epochs} epochs of {args.per_class * 10} images (~{epoch_seconds:.1f} s each); screen {args.screen}")
    xvfb = subprocess.Popen(["Xvfb", f":{SERVER_DISPLAY}", "-screen", "0", f"{args.screen}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{SERVER_DISPLAY}"):
                break
            time.sleep(0.05)
        extensions = x11_link.extension_names(f":{SERVER_DISPLAY}")
        results = []
        for round_index in range(args.rounds):
            for name in args.links.split(","):
                # The reference right before each window run: the VM's speed drifts over minutes.
                engine_speed = training_speed(engine_run(args, experiment, work, f"{name}-{round_index}"))
                result = gui_run(args, name, experiment, epochs, work, round_index)
                result["engine_speed"] = engine_speed
                results.append(result)
                print(f"  round {round_index + 1}, {name}: {kb_per_second(result)[0]:.0f} KB/s, "
                      f"{training_speed(result['rows']) / engine_speed:.1%} of no window", flush=True)
        report(results, extensions)
    finally:
        xvfb.terminate()


if __name__ == "__main__":
    main()
