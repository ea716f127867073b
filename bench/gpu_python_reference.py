"""A well-tuned PyTorch (eager) training loop, the reference for cnnwb's speed on a GPU.

Unlike the seed article's loop (bench/seed_loop.py, which decodes JPEGs in its DataLoader every epoch), this
one decodes the data set once into a uint8 tensor on the GPU, as cnnwb does, and trains the network that
`cnnwb summary --python SPEC` prints, with the same recipe as `cnnwb train`: channels-last, bf16 autocast,
cuDNN autotuning, SGD with momentum, one-cycle schedule, normalization (x/255-0.5)/0.5. Prints one JSON
line per epoch: training images/s (evaluation excluded) and test accuracy.
    python3 bench/gpu_python_reference.py --model model.py --data CIFAR_IMAGEFOLDER [--epochs 2] [--batch 128]
"""
import argparse
import importlib.util
import json
import time

import numpy as np
import torch
from torch import nn
from torchvision import datasets


def load_split(root: str, device: torch.device):
    folder = datasets.ImageFolder(root)
    images = np.stack([np.asarray(folder.loader(path), dtype=np.uint8).transpose(2, 0, 1) for path, _ in folder.samples])
    labels = torch.tensor([label for _, label in folder.samples], device=device)
    return torch.from_numpy(images).to(device), labels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="Python file from `cnnwb summary --python SPEC`")
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()

    device = torch.device("cuda")
    torch.manual_seed(0)
    torch.backends.cudnn.benchmark = True
    spec = importlib.util.spec_from_file_location("model", args.model)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build_model().to(device).to(memory_format=torch.channels_last)

    start = time.perf_counter()
    train_x, train_y = load_split(f"{args.data}/train", device)
    test_x, test_y = load_split(f"{args.data}/test", device)
    print(json.dumps({"decode_seconds": time.perf_counter() - start}), flush=True)

    steps_per_epoch = (len(train_y) + args.batch - 1) // args.batch
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, args.lr, total_steps=args.epochs * steps_per_epoch)
    criterion = nn.CrossEntropyLoss()

    def normalize(x):
        return (x.float() / 127.5 - 1.0).contiguous(memory_format=torch.channels_last)

    for epoch in range(1, args.epochs + 1):
        model.train()
        torch.cuda.synchronize()
        start = time.perf_counter()
        order = torch.randperm(len(train_y), device=device)
        for i in range(steps_per_epoch):
            index = order[i * args.batch:(i + 1) * args.batch]
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = criterion(model(normalize(train_x[index])).float(), train_y[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16):
            for i in range(0, len(test_y), 1000):
                correct += (model(normalize(test_x[i:i + 1000])).argmax(1) == test_y[i:i + 1000]).sum().item()
        print(json.dumps({"epoch": epoch, "images_per_second": len(train_y) / seconds,
                          "test_accuracy": correct / len(test_y)}), flush=True)


if __name__ == "__main__":
    main()
