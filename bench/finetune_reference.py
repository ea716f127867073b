"""Fine-tuning ResNet-18 at 224 px the way a careful PyTorch user writes it, beside `cnnwb train`.

  finetune_reference.py prepare DIR [PER_CLASS] [CIFAR_JPEG_DIR]
      torchvision's resnet18 with random weights (weights=None, seed 0) saved as a state dict named
      like torchvision's download (DIR/resnet18-00000000.pth), and an ImageFolder of 224 x 224 JPEGs
      (DIR/data/{train,test}/<class>/): CIFAR-10 JPEG images scaled up when given, else random ones.
  finetune_reference.py train DIR --batch B --threads T [--device D] [--epochs E]
      The reference loop: the training images decoded once into a uint8 tensor, batches gathered by
      index, ImageNet normalization, channels-last, everything but the new head frozen (no gradients,
      BatchNorm in eval mode), Adam on the head. Prints one JSON line with images/s.
"""
import json, os, sys, time
from pathlib import Path

import torch, torchvision
from PIL import Image


def prepare(folder, per_class=40, cifar=None):
    folder = Path(folder)
    torch.manual_seed(0)
    torch.save(torchvision.models.resnet18(weights=None).state_dict(), folder / "resnet18-00000000.pth")
    g = torch.Generator().manual_seed(0)
    for split, count in (("train", per_class), ("test", max(1, per_class // 4))):
        for c in range(10):
            out = folder / "data" / split / f"class{c}"
            out.mkdir(parents=True, exist_ok=True)
            sources = sorted((Path(cifar) / split).iterdir())[c].glob("*.jpg") if cifar else None
            for i in range(count):
                if sources is not None:
                    image = Image.open(next(sources)).convert("RGB").resize((224, 224), Image.BILINEAR)
                else:
                    pixels = torch.randint(0, 256, (224, 224, 3), generator=g, dtype=torch.uint8)
                    image = Image.fromarray(pixels.numpy())
                image.save(out / f"{i:04d}.jpg", quality=90)


def load(folder):
    dataset = torchvision.datasets.ImageFolder(Path(folder) / "data" / "train")
    images = torch.stack([torchvision.transforms.functional.pil_to_tensor(img) for img, _ in dataset])
    labels = torch.tensor([label for _, label in dataset])
    return images, labels, len(dataset.classes)


def train(folder, batch, threads, device, epochs):
    torch.set_num_threads(threads)
    images, labels, classes = load(folder)
    device = torch.device(device)
    model = torchvision.models.resnet18()
    model.load_state_dict(torch.load(Path(folder) / "resnet18-00000000.pth", weights_only=True))
    for p in model.parameters():
        p.requires_grad_(False)
    model.fc = torch.nn.Linear(512, classes)
    model = model.to(device, memory_format=torch.channels_last)
    model.eval()
    model.fc.train()
    optimizer = torch.optim.Adam(model.fc.parameters(), lr=1e-3)
    mean = torch.tensor([0.485, 0.456, 0.406], device=device).view(1, 3, 1, 1) * 255
    std = torch.tensor([0.229, 0.224, 0.225], device=device).view(1, 3, 1, 1) * 255
    images, labels = images.to(device), labels.to(device)
    seen, elapsed = 0, 0.0
    for _ in range(epochs):
        order = torch.randperm(len(images), device=device)
        start = time.perf_counter()
        for begin in range(0, len(images), batch):
            index = order[begin:begin + batch]
            x = ((images[index].float() - mean) / std).contiguous(memory_format=torch.channels_last)
            loss = torch.nn.functional.cross_entropy(model(x), labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            seen += len(index)
        if device.type == "cuda":
            torch.cuda.synchronize()
        elapsed += time.perf_counter() - start
    print(json.dumps({"images_per_second": seen / elapsed, "images": seen, "seconds": elapsed}))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40, sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("command")
        parser.add_argument("folder")
        parser.add_argument("--batch", type=int, default=32)
        parser.add_argument("--threads", type=int, default=os.cpu_count())
        parser.add_argument("--device", default="cpu")
        parser.add_argument("--epochs", type=int, default=1)
        a = parser.parse_args()
        train(a.folder, a.batch, a.threads, a.device, a.epochs)
