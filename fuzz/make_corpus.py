#!/usr/bin/env python3
"""Writes small valid seed inputs for the fuzz targets (fuzz/*.cpp describe the input layouts).

    fuzz/make_corpus.py OUT_DIR      -> OUT_DIR/<target>/ for every target, and OUT_DIR/checkpoint-data/
                                        (a tiny IDX dataset and model that fuzz/run.sh trains for the
                                        checkpoint target's seed)

Generated rather than committed: a CIFAR record alone is 3 KB of pixels.
"""
import json
import os
import struct
import sys
import zlib

# A 4x4 gray and a 4x4 colour baseline JPEG (quality 50), as small as JPEGs get.
GRAY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c"
    "3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080004000401011100ffc4001f000001"
    "0501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d010203000411051221"
    "31410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a"
    "535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
    "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00ccafffd9"
)


def png(width: int, height: int, channels: int) -> bytes:
    """A valid 8-bit PNG (gray or RGB) with a gradient."""
    def chunk_of(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes((x * 40 + y * 20 + c * 60) % 256 for x in range(width) for c in range(channels))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk_of(b"IHDR", header) + chunk_of(b"IDAT", zlib.compress(rows)) + chunk_of(b"IEND", b"")


def folder_entries(files: dict) -> bytes:
    """fuzz_image_folder's input: [u8 len][path][u16 len][bytes] per file."""
    out = b""
    for path, data in files.items():
        out += chunk(path.encode(), 1) + chunk(data, 2)
    return out


def experiment_seeds() -> dict:
    spec = {"version": 1, "name": "tiny", "input": [1, 4, 4],
            "layers": [{"type": "Conv2d", "out_channels": 2, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
                       {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"},
                       {"type": "Linear", "out_features": 3}]}
    experiment = {"version": 1, "model": spec, "data": "data", "training": {"epochs": 2, "batch_size": 8}}
    return {"spec": b"\x01" + json.dumps(spec).encode(), "experiment": b"\x00" + json.dumps(experiment).encode()}


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


def write_checkpoint_data(folder: str) -> None:
    """A 4x4 IDX dataset and a 200-parameter model: its checkpoint is a few KB, a seed libFuzzer can grow."""
    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    for prefix, count in (("train", 16), ("t10k", 8)):
        with open(os.path.join(folder, "data", f"{prefix}-images-idx3-ubyte"), "wb") as f:
            f.write(idx_images(count, 4, 4))
        with open(os.path.join(folder, "data", f"{prefix}-labels-idx1-ubyte"), "wb") as f:
            f.write(idx_labels(count))
    with open(os.path.join(folder, "model.json"), "w") as f:
        f.write(experiment_seeds()["spec"][1:].decode().replace('"out_features": 3', '"out_features": 10'))


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
        "fuzz_image_folder": {
            "png_colour": folder_entries({"train/cat/0.png": png(4, 4, 3), "train/dog/0.png": png(4, 4, 3),
                                          "test/cat/0.png": png(4, 4, 3), "test/dog/0.png": png(5, 3, 3)}),
            "png_gray": folder_entries({"train/a/0.png": png(3, 3, 1), "train/b/x/1.png": png(3, 3, 1),
                                        "test/a/0.png": png(3, 3, 1), "test/b/.hidden.png": png(3, 3, 1),
                                        "test/b/1.PNG": png(3, 3, 1)}),
            "jpeg": folder_entries({"top/train/a/0.jpg": GRAY_JPEG, "top/train/b/0.jpeg": GRAY_JPEG,
                                    "top/test/a/0.jpg": GRAY_JPEG, "top/test/b/0.jpg": GRAY_JPEG}),
        },
        "fuzz_experiment": experiment_seeds(),
        "fuzz_checkpoint": {},
    }
    parts = [idx_images(3, 4, 4), idx_labels(3), idx_images(2, 4, 4), idx_labels(2)]
    for mode in range(3):
        body = b"".join(chunk(p, 4) for p in parts[:3]) + parts[3]
        seeds["fuzz_idx"][f"mode{mode}"] = bytes([mode]) + body
    parts[3] = idx_labels(2)
    seeds["fuzz_idx"]["bomb"] = bytes([3]) + b"".join(chunk(p, 4) for p in parts[:3]) + parts[3]
    write_checkpoint_data(os.path.join(out, "checkpoint-data"))
    for target, files in seeds.items():
        folder = os.path.join(out, target)
        os.makedirs(folder, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
    print(f"seed corpus written to {out}/")


if __name__ == "__main__":
    main()
