/** The machine's OS and CPU, for benchmark results (the page cannot see them; the CLI can). */
import { cpus, release, type as osType } from 'node:os';

/** Operating system and CPU of this machine. */
export function hostFacts(): { os: string; cpu: string } {
  const c = cpus();
  return {
    os: `${osType()} ${release()} ${process.arch}`,
    cpu: `${c[0]?.model?.trim() ?? 'unknown CPU'} × ${c.length}`,
  };
}
