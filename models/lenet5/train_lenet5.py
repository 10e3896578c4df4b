#!/usr/bin/env python3
"""Trains LeNet-5 on Fashion-MNIST and exports it to ONNX, with a few test images for the demo.

Needs Debian's python3-torch and dataset-fashion-mnist (apt-get install python3-torch dataset-fashion-mnist);
run with the system interpreter: /usr/bin/python3 models/lenet5/train_lenet5.py [--epochs 8] [--out models/lenet5].
Deterministic for a given torch build (seeded, one thread). Writes:
  lenet5.onnx                 the float model (opset 13, input "input" [N, 1, 28, 28] in [0, 1], output "logits" [N, 10])
  test-images.idx3-ubyte      the first 64 test images (IDX, uint8 28x28)
  test-labels.idx1-ubyte      their labels
  training.json               epochs, seed, float test accuracy on the 10,000 test images
Architecture (LeCun et al. 1998, with ReLU and max pooling as zkCNN's LeNet benchmarks use):
conv 1->6 5x5 pad 2, ReLU, max-pool 2; conv 6->16 5x5, ReLU, max-pool 2; dense 400->120, ReLU; 120->84, ReLU; 84->10.
"""
import argparse, gzip, json, os, struct, sys

import torch
import torch.nn as nn

DATA_DIRS = ["/usr/share/fashion-mnist", "/usr/share/dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist"]


def find(name):
    for d in DATA_DIRS:
        for root, _, files in os.walk(d):
            for f in files:
                if f.startswith(name):
                    return os.path.join(root, f)
    sys.exit(f"{name}* not found under {DATA_DIRS}: install dataset-fashion-mnist")


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def write_idx(path, tensor):
    t = tensor.to(torch.uint8).contiguous()
    with open(path, "wb") as f:
        f.write(struct.pack(">I", 0x0800 | t.dim()))
        f.write(struct.pack(">" + "I" * t.dim(), *t.shape))
        f.write(bytes(t.flatten().tolist()))


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--seed", type=int, default=20261202)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    train_x = read_idx(find("train-images")).float().div(255).unsqueeze(1)
    train_y = read_idx(find("train-labels")).long()
    test_x_u8 = read_idx(find("t10k-images"))
    test_x = test_x_u8.float().div(255).unsqueeze(1)
    test_y = read_idx(find("t10k-labels")).long()

    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.epochs)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(train_x))
        for i in range(0, len(perm), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            loss = loss_fn(model(train_x[idx]), train_y[idx])
            loss.backward()
            opt.step()
        sched.step()
        model.eval()
        with torch.no_grad():
            acc = (model(test_x).argmax(1) == test_y).float().mean().item()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, test accuracy {acc:.4f}", flush=True)

    os.makedirs(a.out, exist_ok=True)
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), os.path.join(a.out, "lenet5.onnx"), opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    write_idx(os.path.join(a.out, "test-images.idx3-ubyte"), test_x_u8[:64])
    write_idx(os.path.join(a.out, "test-labels.idx1-ubyte"), test_y[:64])
    with open(os.path.join(a.out, "training.json"), "w") as f:
        json.dump({"epochs": a.epochs, "seed": a.seed, "torch": torch.__version__,
                   "float_test_accuracy": round(acc, 4), "test_images": len(test_y)}, f, indent=2)
    print(f"wrote {a.out}: float test accuracy {acc:.4f}")


if __name__ == "__main__":
    main()
