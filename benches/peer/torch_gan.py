#!/usr/bin/env python3
"""PyTorch reference for ganscope's training loop: the same GAN, timed the same way.

The same architecture (1 -> width x 2 tanh -> 1 for G and D, D seeing x standardised by
the data's mean and std), the same data (N(4, 0.5)) and noise (U(-1, 1)), the same loss
(non-saturating, on logits through softplus), the same optimizer (Adam, betas (0.5,
0.999), no weight decay), k = 1 and one D pass over real and fake together, as
ganscope's `Gan::d_step` does. One iteration is one D step plus one G step.

Timing mirrors ganscope's criterion bench: a warm-up, then the median of several
rounds. Prints one JSON object per configuration on stdout, for benches/compare.sh:

    {"impl": "pytorch", "threads": 1, "width": 32, "batch": 256, "its_per_s": 812.4,
     "adam": "foreach"}

With --plane it times the 2-D GAN of `cargo bench --bench engine -- plane` instead: the
ring of eight Gaussians (radius 2, sigma 0.02), z ~ N(0, I), ReLU, two hidden layers,
G: z -> 2, D: 2 -> 1 seeing x standardised (mean 0, spread sqrt(2)); cells WIDTHxZxBATCH.

Usage: torch_gan.py [--threads N] [--grid 16x64,32x256,...] [--plane [--cells 32x2x256,...]] [--seconds S]
CPU only; needs `torch` (pip install torch). Installs nothing.
"""

import argparse
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("torch is not installed: pip install torch (CPU is enough)")

DATA_MEAN, DATA_STD = 4.0, 0.5
LR = 3e-4


def mlp(width, inputs=1, outputs=1, act=torch.nn.Tanh):
    return torch.nn.Sequential(
        torch.nn.Linear(inputs, width),
        act(),
        torch.nn.Linear(width, width),
        act(),
        torch.nn.Linear(width, outputs),
    )


def adams(g, d, adam_impl):
    """Adam (0.5, 0.999) for G and for D, in the implementation asked for."""
    kwargs = {"lr": LR, "betas": (0.5, 0.999), "weight_decay": 0.0}
    if adam_impl == "foreach":
        kwargs["foreach"] = True
    elif adam_impl == "fused":
        kwargs["fused"] = True
    else:
        kwargs["foreach"] = False
    return torch.optim.Adam(g.parameters(), **kwargs), torch.optim.Adam(d.parameters(), **kwargs)


class Gan:
    """Algorithm 1 with k = 1, non-saturating loss, Adam."""

    def __init__(self, width, batch, adam_impl):
        torch.manual_seed(1)
        self.batch = batch
        self.g = mlp(width)
        self.d = mlp(width)
        self.g_opt, self.d_opt = adams(self.g, self.d, adam_impl)

    def discriminate(self, x):
        return self.d((x - DATA_MEAN) / DATA_STD)

    def iteration(self):
        m = self.batch
        # Discriminator step.
        real = torch.randn(m, 1) * DATA_STD + DATA_MEAN
        z = torch.rand(m, 1) * 2.0 - 1.0
        with torch.no_grad():
            fake = self.g(z)
        logits = self.discriminate(torch.cat([real, fake], 0))
        d_loss = F.softplus(-logits[:m]).mean() + F.softplus(logits[m:]).mean()
        self.d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_opt.step()
        # Generator step.
        z = torch.rand(m, 1) * 2.0 - 1.0
        g_loss = F.softplus(-self.discriminate(self.g(z))).mean()
        self.g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        self.g_opt.step()
        return d_loss, g_loss


RING_RADIUS, RING_SIGMA, RING_MODES = 2.0, 0.02, 8
# The ring's spread per axis: sqrt((radius^2 + 2 sigma^2) / 2), ganscope's D scaling.
RING_SPREAD = ((RING_RADIUS**2 + 2 * RING_SIGMA**2) / 2) ** 0.5


class PlaneGan(Gan):
    """The 2-D GAN: the ring, Gaussian z of `z` dimensions, ReLU units."""

    def __init__(self, width, z, batch, adam_impl):
        torch.manual_seed(1)
        self.batch = batch
        self.z = z
        self.g = mlp(width, z, 2, torch.nn.ReLU)
        self.d = mlp(width, 2, 1, torch.nn.ReLU)
        self.g_opt, self.d_opt = adams(self.g, self.d, adam_impl)
        self.angles = torch.arange(RING_MODES) * (2 * torch.pi / RING_MODES)

    def discriminate(self, x):
        return self.d(x / RING_SPREAD)

    def real(self, m):
        k = torch.randint(RING_MODES, (m,))
        centres = torch.stack([torch.cos(self.angles[k]), torch.sin(self.angles[k])], 1) * RING_RADIUS
        return centres + torch.randn(m, 2) * RING_SIGMA

    def iteration(self):
        m = self.batch
        real = self.real(m)
        with torch.no_grad():
            fake = self.g(torch.randn(m, self.z))
        logits = self.discriminate(torch.cat([real, fake], 0))
        d_loss = F.softplus(-logits[:m]).mean() + F.softplus(logits[m:]).mean()
        self.d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_opt.step()
        g_loss = F.softplus(-self.discriminate(self.g(torch.randn(m, self.z)))).mean()
        self.g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        self.g_opt.step()
        return d_loss, g_loss


def iterations_per_second(gan, seconds, rounds=5):
    """Median over rounds of about `seconds / rounds` each, after a warm-up."""
    for _ in range(50):
        gan.iteration()
    # Size a round from a short probe, so every configuration takes about `seconds`.
    start = time.perf_counter()
    for _ in range(20):
        gan.iteration()
    per_iteration = (time.perf_counter() - start) / 20
    n = max(20, int(seconds / rounds / per_iteration))
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            gan.iteration()
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="0 = PyTorch's default")
    parser.add_argument("--grid", default="16x64,16x256,16x1024,32x64,32x256,32x1024,64x64,64x256,64x1024")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per configuration")
    parser.add_argument("--adam", default="best", choices=["best", "forloop", "foreach", "fused"])
    parser.add_argument("--plane", action="store_true", help="time the 2-D GAN on the ring instead")
    parser.add_argument("--cells", default="32x2x256,128x256x512", help="2-D cells WIDTHxZxBATCH")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    adams = ["forloop", "foreach", "fused"] if args.adam == "best" else [args.adam]
    if args.plane:
        for cell in args.cells.split(","):
            width, z, batch = (int(v) for v in cell.split("x"))
            best = max(
                (iterations_per_second(PlaneGan(width, z, batch, adam), args.seconds), adam) for adam in adams
            )
            print(
                json.dumps(
                    {
                        "impl": "pytorch",
                        "plane": True,
                        "threads": threads,
                        "width": width,
                        "z": z,
                        "batch": batch,
                        "its_per_s": round(best[0], 1),
                        "adam": best[1],
                        "torch": torch.__version__,
                    }
                ),
                flush=True,
            )
        return
    for cell in args.grid.split(","):
        width, batch = (int(v) for v in cell.split("x"))
        best = max(
            (iterations_per_second(Gan(width, batch, adam), args.seconds), adam) for adam in adams
        )
        print(
            json.dumps(
                {
                    "impl": "pytorch",
                    "threads": threads,
                    "width": width,
                    "batch": batch,
                    "its_per_s": round(best[0], 1),
                    "adam": best[1],
                    "torch": torch.__version__,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
