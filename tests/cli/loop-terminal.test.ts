/**
 * `npm run loop` with a person at the terminal (a pseudo-terminal from
 * util-linux `script`, so the CLI sees a TTY as it would in a shell): a
 * `pause` tripwire holds the run until Enter is pressed, or ends it on
 * `stop`; `--approve champion` asks y/N on the terminal and a "no" keeps the
 * candidate from ever being crowned. The unattended paths (no terminal, a
 * decisions file) are in loop-oversight-cli.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/oversight/chain';
import { validateRunLog } from '../../src/core/runlog';

const hasScript = spawnSync('script', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'successor-terminal-'));
const small =
  '--driver node --backend cpu --task xor --proposer evolution --population 3 --steps 20 --progress-every 10';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The loop CLI on a pseudo-terminal: what it has printed so far, a way to type, and its exit. */
function atTerminal(args: string) {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const child = spawn('script', ['-qfec', `${tsx} benchmarks/cli/loop.ts ${small} ${args}`, '/dev/null'], {
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  let done = false;
  void exit.then(() => (done = true));
  return {
    text: () => text,
    exit,
    running: () => !done,
    type: (s: string) => child.stdin.write(s),
    /** Resolves once `re` has matched `count` times in the output (or rejects when the CLI exits first). */
    async waitFor(re: RegExp, count = 1, timeoutMs = 120_000): Promise<void> {
      const t0 = Date.now();
      while ((text.match(new RegExp(re, 'g')) ?? []).length < count) {
        if (done) throw new Error(`exited before ${re} (×${count}):\n${text}`);
        if (Date.now() - t0 > timeoutMs) throw new Error(`no ${re} (×${count}) in ${timeoutMs} ms:\n${text}`);
        await sleep(100);
      }
    },
    kill: () => child.kill('SIGKILL'),
  };
}

const read = (p: string) => validateRunLog(JSON.parse(readFileSync(p, 'utf8')));
const PROMPT = /paused: press Enter to resume, or type stop:/;

describe.skipIf(!hasScript)('npm run loop at a terminal', () => {
  it('a pause tripwire holds the run until Enter is pressed, then it finishes', async () => {
    const out = join(dir, 'resumed.json');
    const t = atTerminal(`--generations 3 --tripwires speed:0:pause --out ${out}`);
    try {
      await t.waitFor(PROMPT);
      const at = t.text().length;
      await sleep(3000);
      // Held: nothing of generation 2 has started while no one answered.
      expect(t.text().slice(at)).not.toMatch(/gen 2: child|gen {3}2 /);
      expect(t.running()).toBe(true);
      t.type('\n');
      expect(await t.exit).toBe(0);
    } finally {
      t.kill();
    }
    expect(t.text()).toMatch(/tripwire speed at generation 1: .*the loop is paused until a person resumes it/);
    const log = read(out);
    expect(log.status).toBe('done');
    expect(log.stopReason).toBeUndefined();
    expect(log.generations).toHaveLength(3);
    expect(log.generations[1].trips).toMatchObject([{ rule: 'speed', action: 'pause', generation: 1 }]);
    expect(verifyChain(log)).toMatchObject({ ok: true });
  });

  it('typing stop at the pause ends the run there, its completed generations kept', async () => {
    const out = join(dir, 'stopped.json');
    const t = atTerminal(`--generations 3 --tripwires speed:0:pause --out ${out}`);
    try {
      await t.waitFor(PROMPT);
      t.type('stop\n');
      await t.exit;
    } finally {
      t.kill();
    }
    const log = read(out);
    expect(log.status).toBe('stopped');
    expect(log.generations).toHaveLength(2);
    expect(verifyChain(log)).toMatchObject({ ok: true });
  });

  it('--approve champion asks on the terminal; a "no" is logged and that candidate is never champion', async () => {
    const out = join(dir, 'approved.json');
    const t = atTerminal(`--generations 4 --approve champion --out ${out}`);
    let asked = 0;
    try {
      // Answer no to the first request, yes to every later one, until the run ends.
      while (t.running()) {
        try {
          await t.waitFor(/approve\? \[y\/N\]/, asked + 1, 20_000);
        } catch {
          continue; // exited, or still training: look again
        }
        t.type(asked === 0 ? 'n\n' : 'y\n');
        asked++;
      }
      expect(await t.exit).toBe(0);
    } finally {
      t.kill();
    }
    expect(t.text()).toMatch(/approval needed \(champion, generation \d+\):\s+current {2}#\d+ .*\s+proposed #\d+/);
    const log = read(out);
    const decisions = log.generations.flatMap((g) => g.decisions ?? []);
    expect(decisions).toHaveLength(asked);
    expect(asked).toBeGreaterThanOrEqual(2); // one no, and at least one yes
    const [no, ...yes] = decisions;
    expect(no).toMatchObject({ gate: 'champion', approve: false, by: expect.stringMatching(/^terminal/) });
    expect(Date.parse(no.at)).not.toBeNaN();
    for (const d of yes) expect(d.approve).toBe(true);
    for (const g of log.generations) expect(g.championId).not.toBe(no.candidateId);
    // A yes crowns its candidate.
    expect(log.generations.some((g) => g.championId === yes[0].candidateId)).toBe(true);
    expect(verifyChain(log)).toMatchObject({ ok: true });
  });
});
