"""The seed article's Python training loop, as the reference for bench/train_vs_python.sh.

SimpleCNN (Conv2d 3->32 k3 p1, ReLU, MaxPool 2, Linear), ToTensor + Normalize((0.5,)*3, (0.5,)*3),
batch 64, shuffled, Adam 1e-3, cross-entropy; ImageFolder data read through torchvision, as the seed
does. Prints one JSON line per epoch: training images/s (evaluation excluded) and test accuracy.
"""
import argparse
import json
import time

import torch
from torch import nn
from torchvision import datasets, transforms


class SimpleCNN(nn.Module):
    def __init__(self, classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=3, stride=1, padding=1)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(32 * 16 * 16, classes)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        return self.fc(torch.flatten(x, 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="ImageFolder root with train/ and test/")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu", help="cpu or cuda (the seed moves each batch with .to(device))")
    parser.add_argument("--augment", action="store_true", help="RandomCrop(32, padding=4) + RandomHorizontalFlip")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    normalize = [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]
    augment = [transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip()] if args.augment else []
    train = datasets.ImageFolder(f"{args.data}/train", transforms.Compose(augment + normalize))
    test = datasets.ImageFolder(f"{args.data}/test", transforms.Compose(normalize))
    train_loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test, batch_size=1000)

    device = torch.device(args.device)
    model = SimpleCNN(len(train.classes)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        seen = 0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            seen += images.size(0)
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in test_loader:
                images, labels = images.to(device), labels.to(device)
                correct += (model(images).argmax(1) == labels).sum().item()
        print(json.dumps({"epoch": epoch, "images_per_second": seen / seconds,
                          "test_accuracy": correct / len(test)}), flush=True)


if __name__ == "__main__":
    main()
