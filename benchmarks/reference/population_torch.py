"""PyTorch reference for the population suite: K same-shaped MLPs trained as
ONE batched computation (stacked weights, torch.bmm, one Adam over the
stacks), aggregate training samples/s. Run it on the machine where
`npm run bench -- --suite population --driver node` ran, so the two compare
on one GPU. Random inputs: throughput does not depend on the data.

  python3 benchmarks/reference/population_torch.py [--device cuda|cpu] [--k 1,8,32,128] [--steps 50]
      [--threads N] [--repeats 5] [--models mlp-2-32-2,mlp-784-256-10]

Prints one JSON object per line: {"model", "k", "samplesPerSec", "interval",
"coverage", "samples", "device", "threads"}: samplesPerSec is the median of --repeats timed
regions of --steps steps each, interval the 95 % order-statistic interval of
that median and coverage its exact coverage (as the TypeScript suite reports them).
"""
import argparse, json, math, statistics, time
import torch

def median_interval(xs, level=0.95):
    """The order-statistic interval of the median, as the TypeScript suite reports it (src/core/bench/stats.ts):
    [x_(j), x_(n+1-j)] with the largest j whose coverage 1 - 2 P(Binomial(n, 1/2) <= j - 1) reaches `level`;
    [min, max] when none does (5 repeats: 93.75 %, 3: 75 %). Returns the interval and its coverage."""
    s = sorted(xs)
    n = len(s)
    cover = lambda j: max(0.0, 1 - 2 * sum(math.comb(n, i) for i in range(j)) / 2 ** n)
    j = 1
    while 2 * (j + 1) <= n + 1 and cover(j + 1) >= level:
        j += 1
    return [s[j - 1], s[n - j]], cover(j)

MODELS = {'mlp-2-32-2': ([2, 32, 2], 64), 'mlp-784-256-10': ([784, 256, 10], 256)}

def measure(dims, batch, k, steps, device, repeats):
    g = torch.Generator(device='cpu').manual_seed(1)
    ws = [torch.randn(k, a, b, generator=g).mul_((2 / a) ** 0.5).to(device).requires_grad_() for a, b in zip(dims, dims[1:])]
    bs = [torch.zeros(k, 1, b, device=device, requires_grad=True) for b in dims[1:]]
    opt = torch.optim.Adam(ws + bs, lr=0.003)  # one optimizer, per-element state: the same as K Adams
    x = torch.randn(k, batch, dims[0], device=device)
    y = torch.randint(0, dims[-1], (k * batch,), device=device)
    def step():
        h = x
        for i, (w, b) in enumerate(zip(ws, bs)):
            h = torch.baddbmm(b, h, w)
            if i < len(ws) - 1: h = torch.relu(h)
        # Sum of the K models' mean losses: each model's gradient is its own.
        loss = torch.nn.functional.cross_entropy(h.reshape(-1, dims[-1]), y, reduction='sum') / batch
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    sync = torch.cuda.synchronize if device == 'cuda' else (lambda: None)
    for _ in range(5): step()
    out = []
    for _ in range(repeats):
        sync(); t = time.perf_counter()
        for _ in range(steps): step()
        sync()
        out.append(k * batch * steps / (time.perf_counter() - t))
    return out

if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--k', default='1,8,32,128')
    p.add_argument('--models', default=','.join(MODELS), help='among ' + ', '.join(MODELS))
    p.add_argument('--steps', type=int, default=50)
    p.add_argument('--threads', type=int, default=0, help='CPU threads for torch (default: torch\'s own choice)')
    p.add_argument('--repeats', type=int, default=5, help='timed regions per figure (median and 95%% interval)')
    a = p.parse_args()
    if a.repeats < 1: p.error('--repeats: must be at least 1')
    if a.threads < 0: p.error('--threads: must be at least 1')
    ks = list(map(int, a.k.split(',')))
    if len(set(ks)) != len(ks): p.error('--k: a size is given twice')
    if a.threads: torch.set_num_threads(a.threads)
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32, as WebGPU computes
    name = torch.cuda.get_device_name() if a.device == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    models = a.models.split(',')
    for m in models:
        if m not in MODELS: p.error(f'--models: unknown model {m!r} (known: {", ".join(MODELS)})')
    for model, (dims, batch) in ((m, MODELS[m]) for m in models):
        for k in ks:
            xs = measure(dims, batch, k, a.steps, a.device, a.repeats)
            print(json.dumps({'model': model, 'k': k, 'samplesPerSec': round(statistics.median(xs)), 'interval': [round(v) for v in median_interval(xs)[0]], 'coverage': median_interval(xs)[1],
                              'samples': [round(v) for v in xs], 'device': name, 'threads': torch.get_num_threads(), 'torch': torch.__version__}), flush=True)
