"""
References for bench/sequences.ts, on the exact rows and splits it writes
(run with Debian's /usr/bin/python3: python3-sklearn, python3-torch).

  text      TF-IDF (word 1-2 grams, sublinear tf) + logistic regression, C chosen
            on the validation rows; test accuracy.
  forecast  seasonal-naive (each horizon step = the same weekday of the last week
            of the lookback) and ridge regression on the lookback values (alpha
            chosen on the validation windows); test MAE in births.
  torch     the same small transformer encoder as the 'text-transformer' preset
            (embedding 8000×64, sinusoidal positions, 2 pre-norm blocks of 4 heads
            and feed-forward 128, masked mean pooling, linear head), Adam 1e-3,
            training steps on one thread: samples per second.

Input: one JSON file (argv[1]); output: one JSON object on stdout.
"""
import json
import math
import sys
import time

import numpy as np


def text_reference(d):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = d["texts"]
    y = np.array(d["y"])
    tr, va, te = (np.array(d[k]) for k in ("train", "val", "test"))
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=100000)
    xtr = vec.fit_transform([texts[i] for i in tr])
    xva = vec.transform([texts[i] for i in va])
    xte = vec.transform([texts[i] for i in te])
    best = None
    for c in (0.3, 1, 3, 10, 30, 100):
        model = LogisticRegression(C=c, max_iter=2000).fit(xtr, y[tr])
        acc = float((model.predict(xva) == y[va]).mean())
        if best is None or acc > best[0]:
            best = (acc, c, model)
    acc_val, c, model = best
    return {"val_accuracy": acc_val, "test_accuracy": float((model.predict(xte) == y[te]).mean()), "C": c}


def forecast_reference(d):
    from sklearn.linear_model import Ridge

    x = np.array(d["x"], dtype=np.float64).reshape(-1, d["lookback"])
    y = np.array(d["y"], dtype=np.float64).reshape(-1, d["horizon"])
    tr, va, te = (np.array(d[k]) for k in ("train", "val", "test"))
    season = d["season"]
    naive = np.stack([x[:, d["lookback"] - season + (h % season)] for h in range(d["horizon"])], axis=1)
    mae = lambda p, rows: float(np.abs(p[rows] - y[rows]).mean())
    best = None
    for alpha in (0.1, 1, 10, 100, 1000, 10000):
        model = Ridge(alpha=alpha).fit(x[tr], y[tr])
        m = mae(model.predict(x), va)
        if best is None or m < best[0]:
            best = (m, alpha, model)
    _, alpha, model = best
    return {"seasonal_naive_test_mae": mae(naive, te), "ridge_test_mae": mae(model.predict(x), te), "ridge_alpha": alpha}


def torch_throughput(d):
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(0)
    vocab, dim, length, batch, steps = d["vocab"], d["dim"], d["length"], d["batch"], d["steps"]

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab, dim)
            pos = torch.zeros(length, dim)
            p = torch.arange(length).unsqueeze(1).float()
            div = torch.pow(10000.0, torch.arange(0, dim, 2).float() / dim)
            pos[:, 0::2] = torch.sin(p / div)
            pos[:, 1::2] = torch.cos(p / div)
            self.register_buffer("pos", pos)
            layer = nn.TransformerEncoderLayer(dim, 4, 128, dropout=0.1, activation="relu", batch_first=True, norm_first=True)
            self.blocks = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(dim)
            self.head = nn.Linear(dim, 2)

        def forward(self, ids):
            mask = ids != 0
            h = self.embed(ids) * mask.unsqueeze(-1) + self.pos
            h = self.norm(self.blocks(h, src_key_padding_mask=~mask))
            m = mask.unsqueeze(-1).float()
            return self.head((h * m).sum(1) / m.sum(1).clamp(min=1))

    model = Encoder()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    ids = torch.tensor(d["ids"], dtype=torch.long).reshape(-1, length)
    labels = torch.tensor(d["labels"], dtype=torch.long)
    n = ids.shape[0]
    loss_fn = nn.CrossEntropyLoss()

    def step(k):
        rows = torch.arange(k * batch, (k + 1) * batch) % n
        opt.zero_grad()
        loss = loss_fn(model(ids[rows]), labels[rows])
        loss.backward()
        opt.step()

    for k in range(3):
        step(k)
    start = time.perf_counter()
    for k in range(steps):
        step(k)
    seconds = time.perf_counter() - start
    return {"samples_per_second": steps * batch / seconds, "params": sum(p.numel() for p in model.parameters())}


def main():
    d = json.load(open(sys.argv[1]))
    out = {}
    if "text" in d:
        out["text"] = text_reference(d["text"])
    if "forecast" in d:
        out["forecast"] = forecast_reference(d["forecast"])
    if "torch" in d:
        out["torch"] = torch_throughput(d["torch"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
