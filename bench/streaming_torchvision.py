"""The torchvision side of bench/streaming_loader: what a careful PyTorch user writes for a folder of
photos that does not fit in memory. ImageFolder + DataLoader with N worker processes (one thread each),
Resize(224) + CenterCrop(224) + RandomCrop(224, padding=4) + RandomHorizontalFlip + ToTensor + Normalize,
batch 64, shuffled. Times a whole pass after the first batch (worker start-up excluded) and prints one
JSON line with images per second.

usage: streaming_torchvision.py FOLDER WORKERS [SIZE]
"""

import json
import sys
import time

import torch
import torchvision.datasets as datasets
import torchvision.transforms as T


def main():
    folder, workers = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 224
    torch.set_num_threads(1)
    transform = T.Compose([
        T.Resize(size), T.CenterCrop(size), T.RandomCrop(size, padding=4), T.RandomHorizontalFlip(),
        T.ToTensor(), T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
    ])
    data = datasets.ImageFolder(folder, transform=transform)
    loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True, num_workers=workers,
                                         generator=torch.Generator().manual_seed(0))
    batches = iter(loader)
    first, _ = next(batches)  # the workers have started and filled their queues
    count = 0
    start = time.perf_counter()
    for images, _ in batches:
        count += images.shape[0]
    elapsed = time.perf_counter() - start
    print(json.dumps({"images": count, "seconds": elapsed, "images_per_second": count / elapsed,
                      "shape": list(first.shape[1:])}))


if __name__ == "__main__":
    main()
