"""The loop a careful PyTorch user writes, the second reference of bench/train_vs_python.sh.

The same SimpleCNN, Normalize(0.5, 0.5), batch 64, Adam 1e-3 and cross-entropy as bench/seed_loop.py,
but without a DataLoader: every image is decoded once into one uint8 tensor, each batch is an
index_select of a shuffled permutation, scaled and normalized as one tensor operation, and the test
split is evaluated under inference mode in batches of 1000. --channels-last also converts the model
and the batches to channels-last. Decoding is not timed. Prints one JSON line per epoch: training
images/s (evaluation excluded) and test accuracy.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from PIL import Image
from torch import nn

from seed_loop import SimpleCNN


def decode(folder: str):
    """An ImageFolder split as (N, 3, H, W) uint8 images and int64 labels, classes in sorted order."""
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    images, labels = [], []
    for label, name in enumerate(classes):
        for file in sorted(os.listdir(os.path.join(folder, name))):
            with Image.open(os.path.join(folder, name, file)) as image:
                images.append(np.asarray(image.convert("RGB")))
            labels.append(label)
    pixels = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).contiguous()
    return pixels, torch.tensor(labels, dtype=torch.int64), len(classes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="ImageFolder root with train/ and test/")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--channels-last", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y, classes = decode(f"{args.data}/train")
    test_x, test_y, _ = decode(f"{args.data}/test")
    memory = torch.channels_last if args.channels_last else torch.contiguous_format

    def prepare(pixels):
        return (pixels.float().div_(127.5).sub_(1.0)).contiguous(memory_format=memory)

    model = SimpleCNN(classes).to(memory_format=memory)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    n = train_x.size(0)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(n)
        start = time.perf_counter()
        for first in range(0, n, 64):
            index = order[first:first + 64]
            images, labels = prepare(train_x.index_select(0, index)), train_y.index_select(0, index)
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.inference_mode():
            for first in range(0, test_x.size(0), 1000):
                logits = model(prepare(test_x[first:first + 1000]))
                correct += (logits.argmax(1) == test_y[first:first + 1000]).sum().item()
        print(json.dumps({"epoch": epoch, "images_per_second": n / seconds,
                          "test_accuracy": correct / test_x.size(0)}), flush=True)


if __name__ == "__main__":
    main()
