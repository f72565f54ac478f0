#!/usr/bin/env python3
"""PyTorch on the GPU, for bench/gpu-check.sh: the same two models and work as
bench/gpu-check.ts, timed on CUDA. Prints one JSON line per model, or one line
with "error" when no CUDA build of PyTorch is importable (never a guessed figure).

  cnn:   28x28x1 -> conv3x3(16, relu) -> maxpool2 -> conv3x3(32, relu, same) -> maxpool2
         -> dense(64, relu) -> dense(10)      (../shared/bench/torch_reference.py's cnn), batch 64
  large: 32x32x3 -> conv3x3(32) -> conv3x3(32) -> maxpool2 -> conv3x3(64) -> conv3x3(64) -> maxpool2
         -> dense(128, relu) -> dense(10), 'same' padding, ReLU, batch 256
Adam(lr=1e-3), cross-entropy, one fixed random batch; the loss is read back every
step (.item(), as our trainer does), which also waits for the GPU.
"""
import argparse
import json
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--seconds', type=float, default=10)
    a = p.parse_args()
    try:
        import torch
        import torch.nn as nn
    except Exception as e:  # noqa: BLE001 - any import failure means: no figure
        print(json.dumps({'source': 'pytorch', 'error': f'PyTorch is not importable: {e}'}))
        return
    if not torch.cuda.is_available():
        print(json.dumps({'source': 'pytorch', 'error': f'PyTorch {torch.__version__} has no usable CUDA device (CPU-only build or no driver)'}))
        return

    def conv(i, o):
        return [nn.Conv2d(i, o, 3, padding=1), nn.ReLU()]

    models = {
        'cnn': (lambda: nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 6 * 6, 64), nn.ReLU(), nn.Linear(64, 10)), (1, 28, 28), 64),
        'large': (lambda: nn.Sequential(
            *conv(3, 32), *conv(32, 32), nn.MaxPool2d(2), *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10)), (3, 32, 32), 256),
    }
    dev = torch.device('cuda')
    for name, (build, shape, batch) in models.items():
        torch.manual_seed(0)
        model = build().to(dev)
        x, y = torch.randn(batch, *shape, device=dev), torch.randint(0, 10, (batch,), device=dev)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        for _ in range(5):
            step()
        steps, start = 0, time.perf_counter()
        while steps < 3 or time.perf_counter() - start < a.seconds:
            step()
            steps += 1
        seconds = time.perf_counter() - start
        print(json.dumps({'source': 'pytorch', 'device': 'cuda', 'gpu': torch.cuda.get_device_name(0), 'torch': torch.__version__,
                          'model': name, 'batch': batch, 'steps': steps, 'seconds': round(seconds, 4),
                          'samplesPerS': round(steps * batch / seconds, 1), 'msPerStep': round(1000 * seconds / steps, 3)}), flush=True)


if __name__ == '__main__':
    main()
