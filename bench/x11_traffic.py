"""X11 traffic of the workbench while it trains with its charts visible, as forwarded X11 would carry it.

Starts Xvfb, puts a byte-counting TCP proxy in front of it (what ssh -X does, minus the encryption), runs
cnn-workbench on that display with QT_XCB_NO_MITSHM=1 (as in the container) on an experiment that trains for
longer than the measurement, and prints the traffic per second in both directions over the steady part.
    python3 bench/x11_traffic.py DATA_DIR [SECONDS=60] [BINARY=build/release/bin/cnn-workbench]
Goal (issue "GPU container with X11 forwarding"): <= 200 KB/s.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

data_dir = os.path.abspath(sys.argv[1])
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
binary = sys.argv[3] if len(sys.argv) > 3 else "build/release/bin/cnn-workbench"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

display = 77
xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(100):
    if os.path.exists(f"/tmp/.X11-unix/X{display}"):
        break
    time.sleep(0.05)

counts = {"to_server": 0, "to_client": 0}
lock = threading.Lock()


def pump(src, dst, key):
    try:
        while True:
            chunk = src.recv(65536)
            if not chunk:
                break
            with lock:
                counts[key] += len(chunk)
            dst.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
proxy_display = 78
listener.bind(("127.0.0.1", 6000 + proxy_display))
listener.listen(8)


def accept_loop():
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.connect(f"/tmp/.X11-unix/X{display}")
        threading.Thread(target=pump, args=(client, server, "to_server"), daemon=True).start()
        threading.Thread(target=pump, args=(server, client, "to_client"), daemon=True).start()


threading.Thread(target=accept_loop, daemon=True).start()

work = tempfile.mkdtemp(prefix="cnnwb-x11-")
experiment = {
    "version": 1,
    "model": json.load(open(os.path.join(root, "resources/presets/simple_cnn.json"))),
    "data": {"folder": data_dir},
    "training": {"epochs": 50, "batch_size": 64, "device": "cpu"},
}
with open(os.path.join(work, "experiment.json"), "w") as f:
    json.dump(experiment, f)
env = dict(os.environ, DISPLAY=f"127.0.0.1:{proxy_display}", QT_XCB_NO_MITSHM="1", XDG_DATA_HOME=work,
           XDG_CONFIG_HOME=work, QT_QPA_PLATFORM="xcb")
app = subprocess.Popen([binary, os.path.join(work, "experiment.json"), "--train"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(8)  # start-up: window mapped, dataset loaded, first batches
with lock:
    start = dict(counts)
t0 = time.time()
samples = []
while time.time() - t0 < seconds:
    time.sleep(5)
    with lock:
        samples.append((time.time() - t0, counts["to_server"] - start["to_server"], counts["to_client"] - start["to_client"]))
elapsed = time.time() - t0
with lock:
    up = counts["to_server"] - start["to_server"]
    down = counts["to_client"] - start["to_client"]
app.terminate()
app.wait(timeout=30)
xvfb.terminate()
print(f"X11 traffic over {elapsed:.0f} s of training with charts visible (after 8 s of start-up):")
print(f"  client -> server (drawing requests): {up / elapsed / 1024:8.1f} KB/s")
print(f"  server -> client (replies, events):  {down / elapsed / 1024:8.1f} KB/s")
print(f"  total:                               {(up + down) / elapsed / 1024:8.1f} KB/s   (goal <= 200 KB/s)")
for t, u, d in samples:
    print(f"    {t:5.1f} s: {u / 1024:9.0f} KB up, {d / 1024:7.0f} KB down")
