/** File output for the CLIs: atomic writes and up-front checks. */
import { errorMessage } from '../../src/core/errors';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { cut } from '../../src/core/json-bounds';
import { UsageError } from './args';

/** Writes a file atomically: a temp file beside it, then rename. */
export function writeAtomic(path: string, text: string): void {
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true });
  const tmp = `${full}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, full);
}

/**
 * Checks, before any work, that an output path can be written: by creating (and removing) a file where it
 * will go, since permission bits lie (root, read-only mounts, /sys).
 */
export function checkWritable(flag: string, path: string): void {
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isDirectory()) throw new UsageError(flag, `${cut(path)} is a directory`);
  checkWritableDir(flag, dirname(full));
}

/** The same for an output folder (created later if missing): its nearest existing ancestor must take a new file. */
export function checkWritableDir(flag: string, dir: string): void {
  let d = resolve(dir);
  while (!existsSync(d)) d = dirname(d);
  if (!statSync(d).isDirectory()) throw new UsageError(flag, `${cut(d)} is a file, not a folder`);
  const probe = join(d, `.successor-write-check-${process.pid}`);
  try {
    accessSync(d, constants.W_OK);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new UsageError(flag, `cannot write in ${cut(d)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Inputs larger than this are no file of ours (a million-candidate run log is ~400 MB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Reads a text input after checking, before reading a byte, that it is a
 * regular file of at most `maxBytes`: `/dev/zero`, a FIFO or a folder is
 * refused at once instead of read until memory runs out.
 */
export function readInput(flag: string, path: string, maxBytes = MAX_INPUT_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(flag, `${cut(path)} is not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(flag, `cannot read ${cut(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > maxBytes)
    throw new UsageError(
      flag,
      `${cut(path)} is ${(size / 1e6).toFixed(0)} MB, more than the ${(maxBytes / 1e6).toFixed(0)} MB such a file can be`,
    );
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(flag, `cannot read ${cut(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Writes results that must not be lost: atomically to `path`, or when that
 * fails at the end of a long run (disk full, folder removed), to a fallback
 * file in the temp folder. Returns where it went and, on fallback, why.
 */
export function writeOrFallback(path: string, text: string): { path: string; error?: string } {
  try {
    writeAtomic(path, text);
    return { path };
  } catch (e) {
    const fallback = join(tmpdir(), `successor-${process.pid}-${basename(path)}`);
    writeFileSync(fallback, text);
    return { path: fallback, error: (e as NodeJS.ErrnoException).code ?? errorMessage(e) };
  }
}
