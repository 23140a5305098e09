#!/usr/bin/python3
"""Peer: the reference system's char-CNN (embedding -> Conv1d -> max-pool -> dense) in PyTorch
on CPU. Usage: charcnn_peer.py TRAIN EVAL [EPOCHS]"""
import sys
import time

import numpy as np
import torch
from torch import nn

from peer_metrics import read, report

MAXLEN = 200


def encode(urls):
    x = np.zeros((len(urls), MAXLEN), dtype=np.int64)
    for i, u in enumerate(urls):
        b = u.encode("utf-8", "replace")[:MAXLEN]
        x[i, : len(b)] = np.frombuffer(b, dtype=np.uint8).astype(np.int64) + 1
    return torch.from_numpy(x)


class CharCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(257, 32)
        self.convs = nn.ModuleList([nn.Conv1d(32, 128, k, padding=k // 2) for k in (3, 5, 7)])
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(384, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x):
        e = self.emb(x).transpose(1, 2)
        h = torch.cat([torch.relu(c(e)).amax(dim=2) for c in self.convs], dim=1)
        return self.head(h).squeeze(1)


def main():
    torch.manual_seed(1)
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    tr_u, tr_y = read(sys.argv[1])
    ev_u, ev_y = read(sys.argv[2])
    xtr, ytr, xev = encode(tr_u), torch.tensor(tr_y, dtype=torch.float32), encode(ev_u)
    model = CharCNN()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    t0 = time.time()
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(perm), 256):
            idx = perm[i : i + 256]
            opt.zero_grad()
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
    t1 = time.time()
    model.eval()
    with torch.no_grad():
        s = torch.cat([torch.sigmoid(model(xev[i : i + 1024])) for i in range(0, len(xev), 1024)])
    t2 = time.time()
    report(f"char-CNN ({epochs} epochs, CPU)", ev_y, s.numpy(), train_s=round(t1 - t0, 1),
           predict_urls_per_s=round(len(ev_u) / (t2 - t1)))


if __name__ == "__main__":
    main()
