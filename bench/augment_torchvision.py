"""The torchvision side of bench/augment_vs_torchvision: the same images, the same ops, one thread.

Reads N images of C x H x W uint8 (planar, back to back) from a raw file and times the classic
CIFAR training transforms per image, as a torchvision Dataset applies them:
  - tensor path (transforms.v2 on uint8 tensors): RandomCrop(pad 4) + RandomHorizontalFlip
    + ToDtype(float32, scale) + Normalize
  - PIL path (the tutorials' pipeline): PIL image -> RandomCrop + RandomHorizontalFlip + ToTensor + Normalize
Prints one JSON line with images per second for each.
"""

import json
import sys
import time

import numpy as np
import torch
from PIL import Image
from torchvision.transforms import v2
import torchvision.transforms as T


def timed(fn, items, min_seconds=1.0):
    count = 0
    start = time.perf_counter()
    while True:
        for item in items:
            fn(item)
        count += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return count / elapsed


def main():
    path, n, c, h, w = sys.argv[1], *map(int, sys.argv[2:6])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    raw = np.fromfile(path, dtype=np.uint8).reshape(n, c, h, w)
    mean, std = [0.4914, 0.4822, 0.4465][:c], [0.2470, 0.2435, 0.2616][:c]

    tensors = [torch.from_numpy(raw[i].copy()) for i in range(n)]
    tensor_pipeline = v2.Compose([
        v2.RandomCrop(h, padding=4), v2.RandomHorizontalFlip(),
        v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)])
    pil_images = [Image.fromarray(raw[i].transpose(1, 2, 0).squeeze()) for i in range(n)]
    pil_pipeline = T.Compose([
        T.RandomCrop(h, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])

    result = {
        "tensor_v2": timed(tensor_pipeline, tensors),
        "pil": timed(pil_pipeline, pil_images),
        "torch": torch.__version__,
    }
    import torchvision
    result["torchvision"] = torchvision.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
