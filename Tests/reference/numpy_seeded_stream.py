"""The SGD notes' numbers from NumPy's legacy seeded stream, as the notes compute them: the data from
np.random.seed(0), 300 full-batch steps, then SGD (batch 32, lr 0.05, 20 epochs) with one in-place shuffle of the
index array per epoch, continuing the same stream. Prints both final weights at full precision."""
import numpy as np


def notes(seed=0, n=500, epochs=20, batch=32, lr=0.05, steps=300):
    np.random.seed(seed)
    X = np.random.randn(n, 2)
    y = X @ np.array([2, -1]) + 0.5 * np.random.randn(n)
    w = np.zeros(2)
    for _ in range(steps):
        w = w - lr * 2 / n * X.T @ (X @ w - y)
    full = w
    w = np.zeros(2)
    indices = np.arange(n)
    for _ in range(epochs):
        np.random.shuffle(indices)
        for start in range(0, n, batch):
            b = indices[start:start + batch]
            w = w - lr * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return X, y, full, w


if __name__ == "__main__":
    X, y, full, sgd = notes()
    print("Batch GD final weights:", full)
    print("SGD final weights:", sgd)
    print(repr(list(full)), repr(list(sgd)))
