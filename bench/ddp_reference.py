"""PyTorch's own DistributedDataParallel as the reference for bench/distributed_vs_ddp.sh.

The seed CNN (bench/seed_loop.py's SimpleCNN), Adam 1e-3, cross-entropy, inputs scaled and
normalized with mean/std 0.5, like cnnwb. The data is decoded once into uint8 tensors (cached next
to the dataset, as cnnwb's decoded-image cache does), so the figure is training and gradient
exchange, not JPEG decoding. DistributedSampler shards each epoch; DDP averages the gradients over
Gloo (CPU). Run under torchrun; rank 0 prints one JSON line per epoch: training images/s over all
ranks (evaluation excluded) and test accuracy.
"""
import argparse
import json
import os
import time

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets

from seed_loop import SimpleCNN


def decoded(root: str, split: str, cache: str):
    path = os.path.join(cache, f"ddp-reference-{split}.pt")
    if not os.path.exists(path):
        if dist.get_rank() == 0:
            folder = datasets.ImageFolder(os.path.join(root, split))
            images = torch.stack([torch.frombuffer(bytearray(img.convert("RGB").tobytes()), dtype=torch.uint8)
                                  .view(32, 32, 3).permute(2, 0, 1) for img, _ in folder])
            labels = torch.tensor(folder.targets)
            torch.save({"images": images, "labels": labels}, path + ".tmp")
            os.replace(path + ".tmp", path)
        dist.barrier()
    data = torch.load(path)
    return data["images"], data["labels"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="ImageFolder root with train/ and test/")
    parser.add_argument("--cache", required=True, help="folder for the decoded tensors")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32, help="per process")
    parser.add_argument("--threads", type=int, default=1, help="per process")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    dist.init_process_group("gloo")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y = decoded(args.data, "train", args.cache)
    test_x, test_y = decoded(args.data, "test", args.cache)
    model = DistributedDataParallel(SimpleCNN(int(train_y.max()) + 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    sampler = DistributedSampler(range(len(train_y)), shuffle=True, seed=args.seed)

    def prepare(x):
        return (x.float() / 255.0 - 0.5) / 0.5

    for epoch in range(1, args.epochs + 1):
        sampler.set_epoch(epoch)
        order = torch.tensor(list(sampler))
        model.train()
        dist.barrier()
        start = time.perf_counter()
        for begin in range(0, len(order), args.batch_size):
            index = order[begin:begin + args.batch_size]
            optimizer.zero_grad()
            loss = criterion(model(prepare(train_x[index])), train_y[index])
            loss.backward()
            optimizer.step()
        dist.barrier()
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad():
            for begin in range(0, len(test_y), 1000):
                logits = model.module(prepare(test_x[begin:begin + 1000]))
                correct += (logits.argmax(1) == test_y[begin:begin + 1000]).sum().item()
        if dist.get_rank() == 0:
            print(json.dumps({"epoch": epoch, "images_per_second": len(train_y) / seconds,
                              "test_accuracy": correct / len(test_y)}), flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
