"""A forwarded X11 connection, modelled: a TCP proxy in front of Xvfb that limits bandwidth, adds latency,
can compress like ssh -C, and accounts for every request the client sends. Used by bench/x11_traffic.py.

What ssh -X does to a connection is: carry both directions over one TCP stream (bandwidth shared per
direction, a round trip of latency), optionally zlib-compressed per packet (-C). The proxy does the same
to each chunk it forwards: a chunk leaves when the link is free, takes len/bandwidth to send and arrives
one-way-latency later. Compression is measured always (what -C would carry) and applied to the link's
timing when asked.
"""
import collections
import socket
import struct
import subprocess
import threading
import time
import zlib

CORE_OPCODES = {1: "CreateWindow", 2: "ChangeWindowAttributes", 8: "MapWindow", 12: "ConfigureWindow",
                14: "GetGeometry", 16: "InternAtom", 18: "ChangeProperty", 20: "GetProperty",
                38: "QueryPointer", 43: "GetInputFocus", 53: "CreatePixmap", 55: "CreateGC", 56: "ChangeGC",
                59: "SetClipRectangles", 60: "FreeGC", 61: "ClearArea", 62: "CopyArea", 66: "PolySegment",
                70: "PolyFillRectangle", 72: "PutImage", 73: "GetImage", 98: "QueryExtension"}


def extension_names(display):
    """Major opcode -> extension name, as the X server numbered them (xdpyinfo -queryExtensions)."""
    try:
        text = subprocess.run(["xdpyinfo", "-display", display, "-queryExtensions"], capture_output=True,
                              text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    names = {}
    for line in text.splitlines():
        line = line.strip()
        if "(opcode:" in line:
            name = line.split()[0]
            names[int(line.split("(opcode:")[1].split(",")[0].strip(" )"))] = name
    return names


class RequestCounter:
    """Splits the client's byte stream into X11 requests: bytes and count per request type, and the
    PutImage rectangles by size and place (the pixels a repaint sends)."""

    def __init__(self):
        self.buf = bytearray()
        self.setup_done = False
        self.broken = False  # a stream this parser cannot follow (big-endian client, bad length)
        self.bytes_by_op = collections.Counter()
        self.count_by_op = collections.Counter()
        self.image_bytes_by_size = collections.Counter()
        self.images = []  # (time, width, height, x, y, bytes) of each

    def feed(self, data):
        if self.broken:
            return
        self.buf += data
        offset = 0
        while True:
            size = self._next_size(offset)
            if size is not None and size < 4:  # not a request: stop counting rather than loop
                self.broken = True
                self.buf.clear()
                return
            if size is None or len(self.buf) - offset < size:
                break
            if self.setup_done:
                self._record(offset, size)
            self.setup_done = True
            offset += size
        del self.buf[:offset]

    def _next_size(self, offset):
        available = len(self.buf) - offset
        if not self.setup_done:  # the connection set-up: 12 bytes, then the padded auth name and data
            if available < 12:
                return None
            if self.buf[offset] != ord("l"):  # MSB-first clients are not parsed (xcb on x86 is LSB)
                return 0
            name_len, data_len = struct.unpack_from("<HH", self.buf, offset + 6)
            return 12 + (name_len + 3) // 4 * 4 + (data_len + 3) // 4 * 4
        if available < 4:
            return None
        length = struct.unpack_from("<H", self.buf, offset + 2)[0]
        if length == 0:  # BIG-REQUESTS: the length follows as 32 bits
            if available < 8:
                return None
            length = struct.unpack_from("<I", self.buf, offset + 4)[0]
        return length * 4

    def _record(self, offset, size):
        op = self.buf[offset]
        if op >= 128:  # an extension's request: its minor opcode says which
            op = (op, self.buf[offset + 1])
        self.bytes_by_op[op] += size
        self.count_by_op[op] += 1
        if op == 72 and size >= 24:
            big = struct.unpack_from("<H", self.buf, offset + 2)[0] == 0
            width, height, x, y = struct.unpack_from("<HHhh", self.buf, offset + (16 if big else 12))
            self.image_bytes_by_size[(width, height, x, y)] += size
            self.images.append((time.monotonic(), width, height, x, y, size))


class Link:
    """One direction of the modelled link: a queue of chunks, each delivered at its arrival time."""

    def __init__(self, bandwidth, one_way, compress):
        self.bandwidth = bandwidth  # bytes per second; 0 = unlimited
        self.one_way = one_way
        self.compress = compress
        self.free_at = 0.0
        self.queue = collections.deque()
        self.cond = threading.Condition()

    def push(self, chunk, wire_bytes):
        now = time.monotonic()
        with self.cond:
            start = max(now, self.free_at)
            sent = wire_bytes if self.compress else len(chunk)
            done = start + (sent / self.bandwidth if self.bandwidth else 0.0)
            self.free_at = done
            self.queue.append((done + self.one_way, chunk))
            self.cond.notify()

    def close(self):
        with self.cond:
            self.queue.append((0.0, None))
            self.cond.notify()

    def pop(self):
        with self.cond:
            while not self.queue:
                self.cond.wait()
            arrival, chunk = self.queue.popleft()
        delay = arrival - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return chunk


class X11Proxy:
    """Listens on TCP display :N and forwards each connection to Xvfb's socket through two Links."""

    def __init__(self, server_display, proxy_display, bandwidth=0.0, rtt=0.0, compress=False):
        self.server_socket = f"/tmp/.X11-unix/X{server_display}"
        self.bandwidth = bandwidth
        self.rtt = rtt
        self.compress = compress
        self.lock = threading.Lock()
        self.raw = {"to_server": 0, "to_client": 0}
        self.zipped = {"to_server": 0, "to_client": 0}
        self.counters = []
        self.arrivals = collections.deque(maxlen=200000)  # (time, bytes) delivered to the server
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 6000 + proxy_display))
        self.listener.listen(8)
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def totals(self):
        with self.lock:
            return dict(self.raw), dict(self.zipped)

    def last_arrival_after(self, t0):
        """The last time bytes reached the server after t0, or None."""
        with self.lock:
            for t, _ in reversed(self.arrivals):
                return t if t > t0 else None
        return None

    def images(self, since, min_bytes=0):
        """Each PutImage since a time: (time, width, height, x, y, bytes)."""
        with self.lock:
            return sorted(i for c in self.counters for i in c.images if i[0] >= since and i[5] >= min_bytes)

    def requests(self):
        bytes_by_op = collections.Counter()
        count_by_op = collections.Counter()
        images = collections.Counter()
        with self.lock:
            for c in self.counters:
                bytes_by_op.update(c.bytes_by_op)
                count_by_op.update(c.count_by_op)
                images.update(c.image_bytes_by_size)
        return bytes_by_op, count_by_op, images

    def _accept_loop(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                server.connect(self.server_socket)
            except OSError:
                client.close()
                server.close()
                continue
            counter = RequestCounter()
            with self.lock:
                self.counters.append(counter)
            self._start_direction(client, server, "to_server", counter)
            self._start_direction(server, client, "to_client", None)

    def _start_direction(self, src, dst, key, counter):
        link = Link(self.bandwidth / 1.0, self.rtt / 2.0, self.compress)
        threading.Thread(target=self._read, args=(src, link, key, counter), daemon=True).start()
        threading.Thread(target=self._write, args=(dst, link, key), daemon=True).start()

    def _read(self, src, link, key, counter):
        # ssh -C: one zlib stream per direction, flushed per packet (level 6, as OpenSSH).
        deflate = zlib.compressobj(6)
        try:
            while True:
                chunk = src.recv(16384)
                if not chunk:
                    break
                wire = len(deflate.compress(chunk)) + len(deflate.flush(zlib.Z_SYNC_FLUSH))
                with self.lock:
                    self.raw[key] += len(chunk)
                    self.zipped[key] += wire
                    if counter is not None:
                        counter.feed(chunk)
                link.push(chunk, wire)
        except OSError:
            pass
        finally:
            link.close()

    def _write(self, dst, link, key):
        try:
            while True:
                chunk = link.pop()
                if chunk is None:
                    break
                dst.sendall(chunk)
                if key == "to_server":
                    with self.lock:
                        self.arrivals.append((time.monotonic(), len(chunk)))
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            dst.close()

    def close(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept loop; close alone would not
        except OSError:
            pass
        self.listener.close()


def request_name(op, extensions):
    if isinstance(op, tuple):
        return f"{extensions.get(op[0], f'extension {op[0]}')} #{op[1]}"
    return CORE_OPCODES.get(op, f"opcode {op}")
