"""What the PyTorch checks share: Fashion-MNIST test images as PyTorch sees them (pixel / 255,
as eesim's default preprocessing) and the logits `eesim model eval --dump` wrote."""
import csv
import gzip
import os
import struct


def read_test_pixels(folder, count, torch):
    """The first `count` test images' bytes as a uint8 (N, 1, H, W) tensor."""
    with gzip.open(os.path.join(folder, "t10k-images-idx3-ubyte.gz")) as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack_from(">IIII", data, 0)
    assert magic == 0x803, "bad IDX magic"
    count = min(count, n)
    pixels = torch.frombuffer(bytearray(data[16:16 + count * rows * cols]), dtype=torch.uint8)
    return pixels.reshape(count, 1, rows, cols)


def read_test_labels(folder):
    """Every test label, as a list of ints."""
    with gzip.open(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")) as f:
        data = f.read()
    magic, n = struct.unpack_from(">II", data, 0)
    assert magic == 0x801, "bad IDX magic"
    return list(data[8:8 + n])


def read_test_images(folder, count, torch):
    """The first `count` test images as a float32 (N, 1, H, W) tensor in [0, 1]."""
    return read_test_pixels(folder, count, torch).to(torch.float32) / 255.0


def read_dump(path):
    """{(sample, exit): [logits]} from a `model eval --dump` CSV."""
    logits = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            logits[(int(row["sample"]), int(row["exit"]))] = [
                float(v) for k, v in row.items() if k.startswith("logit_")]
    return logits
