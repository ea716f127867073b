#!/usr/bin/env python3
"""Writes small valid seed inputs for the fuzz targets (fuzz/*.cpp describe the input layouts).

    fuzz/make_corpus.py OUT_DIR      -> OUT_DIR/fuzz_cifar10/, OUT_DIR/fuzz_cifar100/, OUT_DIR/fuzz_idx/

Generated rather than committed: a CIFAR record alone is 3 KB of pixels.
"""
import os
import struct
import sys


def chunk(data: bytes, length_bytes: int) -> bytes:
    return len(data).to_bytes(length_bytes, "little") + data


def cifar_records(count: int, label_bytes: int, classes: int) -> bytes:
    out = bytearray()
    for r in range(count):
        labels = bytes([r % 20, r % classes]) if label_bytes == 2 else bytes([r % classes])
        out += labels + bytes((r * 7 + i) % 256 for i in range(3072))
    return bytes(out)


def idx_images(count: int, rows: int, cols: int) -> bytes:
    return struct.pack(">IIII", 0x803, count, rows, cols) + bytes((i * 13) % 256 for i in range(count * rows * cols))


def idx_labels(count: int) -> bytes:
    return struct.pack(">II", 0x801, count) + bytes(i % 10 for i in range(count))


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "fuzz-corpus"
    seeds = {
        "fuzz_cifar10": {
            "two_classes": chunk(b"cat\ndog\n", 2) + chunk(cifar_records(1, 1, 2), 4) + cifar_records(1, 1, 2),
            "ten_classes_crlf": chunk("".join(f"class{i}\r\n" for i in range(10)).encode(), 2)
            + chunk(cifar_records(2, 1, 10), 4)
            + cifar_records(1, 1, 10),
        },
        "fuzz_cifar100": {
            "three_fine": chunk(b"apple\nbee\ncar\n", 2) + chunk(cifar_records(2, 2, 3), 4) + cifar_records(1, 2, 3),
        },
        "fuzz_idx": {},
    }
    parts = [idx_images(3, 4, 4), idx_labels(3), idx_images(2, 4, 4), idx_labels(2)]
    for mode in range(3):
        body = b"".join(chunk(p, 4) for p in parts[:3]) + parts[3]
        seeds["fuzz_idx"][f"mode{mode}"] = bytes([mode]) + body
    for target, files in seeds.items():
        folder = os.path.join(out, target)
        os.makedirs(folder, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
    print(f"seed corpus written to {out}/")


if __name__ == "__main__":
    main()
