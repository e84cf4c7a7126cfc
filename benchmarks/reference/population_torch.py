"""PyTorch reference for the population suite: K same-shaped MLPs trained as
ONE batched computation (stacked weights, torch.bmm, one Adam over the
stacks), aggregate training samples/s. Run it on the machine where
`npm run bench -- --suite population --driver node` ran, so the two compare
on one GPU. Random inputs: throughput does not depend on the data.

  python3 benchmarks/reference/population_torch.py [--device cuda|cpu] [--k 1,8,32,128] [--steps 50]

Prints one JSON object per line: {"model", "k", "samplesPerSec", "device"}.
"""
import argparse, json, time
import torch

MODELS = {'mlp-2-32-2': ([2, 32, 2], 64), 'mlp-784-256-10': ([784, 256, 10], 256)}

def measure(dims, batch, k, steps, device):
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
    sync(); t = time.perf_counter()
    for _ in range(steps): step()
    sync()
    return k * batch * steps / (time.perf_counter() - t)

if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--k', default='1,8,32,128')
    p.add_argument('--steps', type=int, default=50)
    a = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32, as WebGPU computes
    name = torch.cuda.get_device_name() if a.device == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    for model, (dims, batch) in MODELS.items():
        for k in map(int, a.k.split(',')):
            print(json.dumps({'model': model, 'k': k, 'samplesPerSec': round(measure(dims, batch, k, a.steps, a.device)), 'device': name, 'torch': torch.__version__}), flush=True)
