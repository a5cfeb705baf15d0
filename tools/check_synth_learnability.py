#!/usr/bin/env python3
"""How learnable a synthetic corpus is: speaker-independent UAR of simple
classifiers on per-utterance log-mel statistics (see docs/synthetic-corpus.md).

Usage: check_synth_learnability.py CORPUS_DIR   (written by `emoforget synth`)
Trains on the train+val speakers, tests on the test speakers; needs numpy and
torch (Debian: python3-numpy, python3-torch). Deterministic (torch seed 0).
"""
import csv
import sys
import wave

import numpy as np
import torch


def mel_filterbank(n_fft=512, n_mels=40, sample_rate=16000):
    def hz_to_mel(f):
        return 2595 * np.log10(1 + f / 700)

    def mel_to_hz(m):
        return 700 * (10 ** (m / 2595) - 1)

    points = mel_to_hz(np.linspace(hz_to_mel(50), hz_to_mel(sample_rate / 2), n_mels + 2))
    bins = np.floor((n_fft + 1) * points / sample_rate).astype(int)
    bank = np.zeros((n_mels, n_fft // 2 + 1))
    for i in range(n_mels):
        a, b, c = bins[i], bins[i + 1], bins[i + 2]
        for k in range(a, b):
            bank[i, k] = (k - a) / max(b - a, 1)
        for k in range(b, c):
            bank[i, k] = (c - k) / max(c - b, 1)
    return torch.tensor(bank, dtype=torch.float32)


BANK = mel_filterbank()


def features(path, max_seconds=3.0):
    with wave.open(path) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32)
    x = x[: int(max_seconds * 16000)]
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)  # the pipeline's normalisation
    spec = torch.stft(torch.tensor(x), 512, 160, window=torch.hann_window(512),
                      return_complex=True).abs() ** 2
    mel = torch.log(BANK @ spec + 1e-6)
    delta = mel[:, 1:] - mel[:, :-1]
    duration = torch.tensor([len(x) / 16000.0])
    return torch.cat([mel.mean(1), mel.std(1), delta.abs().mean(1), duration]).numpy()


def main():
    root = sys.argv[1]
    rows = list(csv.DictReader(open(root + "/manifest.csv")))
    emotions = sorted({r["emotion"] for r in rows})
    feats = np.stack([features(root + "/" + r["path"]) for r in rows])
    labels = np.array([emotions.index(r["emotion"]) for r in rows])
    train = np.array([r["split"] != "test" for r in rows])
    test = ~train
    feats = (feats - feats[train].mean(0)) / (feats[train].std(0) + 1e-6)

    def uar(pred, true):
        return np.mean([np.mean(pred[true == c] == c) for c in range(len(emotions))])

    def fit(hidden, columns, epochs=300):
        torch.manual_seed(0)
        x_train = torch.tensor(feats[train][:, columns], dtype=torch.float32)
        y_train = torch.tensor(labels[train])
        x_test = torch.tensor(feats[test][:, columns], dtype=torch.float32)
        if hidden == 0:
            model = torch.nn.Linear(x_train.shape[1], len(emotions))
        else:
            model = torch.nn.Sequential(torch.nn.Linear(x_train.shape[1], hidden), torch.nn.ReLU(),
                                        torch.nn.Dropout(0.3), torch.nn.Linear(hidden, len(emotions)))
        opt = torch.optim.Adam(model.parameters(), 1e-2, weight_decay=1e-3)
        for _ in range(epochs):
            model.train()
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x_train), y_train).backward()
            opt.step()
        model.eval()
        pred = model(x_test).argmax(1).numpy()
        confusion = np.zeros((len(emotions), len(emotions)), int)
        for t, p in zip(labels[test], pred):
            confusion[t, p] += 1
        return uar(pred, labels[test]), confusion

    columns = list(range(feats.shape[1]))
    for name, cols in [("all", columns), ("no duration", columns[:-1]),
                       ("duration only", columns[-1:]), ("log-mel means", columns[:40])]:
        for hidden in (0, 64):
            print(f"{name:14s} {'linear' if hidden == 0 else 'mlp-64':7s} UAR={fit(hidden, cols)[0]:.3f}")
    print("confusion (rows true, columns predicted):", emotions)
    print(fit(64, columns)[1])


if __name__ == "__main__":
    main()
