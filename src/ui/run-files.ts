/**
 * Export and import of run logs. Export writes the log exactly as saved
 * (JSON) or one row per candidate (CSV). Import accepts only what
 * `validateRunLog` accepts, and says what is wrong with anything else.
 */
import { errorMessage } from '../core/errors';
import { verifyChain } from '../core/oversight/chain';
import { RunLogError, runLogToCsv, validateRunLog, type RunLog } from '../core/runlog';

/** Why a file was refused. */
export class ImportError extends Error {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`Could not import “${fileName}”: ${reason}`);
    this.name = 'ImportError';
  }
}

/** The largest file import reads: far above any real run log, far below what would freeze the tab. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Parses and validates a run log file. Throws ImportError with a reason a person can act on. */
export async function readRunFile(file: File): Promise<RunLog> {
  if (file.size > MAX_IMPORT_BYTES)
    throw new ImportError(file.name, `it is ${(file.size / 1e6).toFixed(0)} MB; a run log is far smaller`);
  if (file.size === 0) throw new ImportError(file.name, 'the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(await file.text());
  } catch (e) {
    throw new ImportError(file.name, `it is not JSON (${errorMessage(e)})`);
  }
  let log: RunLog;
  try {
    log = validateRunLog(value);
  } catch (e) {
    if (e instanceof RunLogError)
      throw new ImportError(file.name, `it is not a valid Successor run log — ${e.message}`);
    throw e;
  }
  // Logs written before the hash chain carry none; a chain that is there must hold.
  if (log.chain) {
    const check = verifyChain(log);
    if (!check.ok)
      throw new ImportError(
        file.name,
        `its hash chain is broken: ${check.path} ${check.reason}. It was changed after the run wrote it.`,
      );
  }
  return log;
}

/**
 * What an imported log's lack of a hash chain means, or null when it has one
 * (readRunFile refuses a broken chain, so one that is there holds).
 */
export function chainNote(log: RunLog): string | null {
  if (log.chain) return null;
  return 'it carries no hash chain (written before run logs had one, or the chain was removed), so nothing shows whether it was changed';
}

/** A file name for a run: successor-spirals-self-adaptive-seed1-2026-01-31T10-00.json */
export function exportName(log: RunLog, ext: 'json' | 'csv'): string {
  const stamp = log.createdAt.slice(0, 16).replace(/:/g, '-');
  return `successor-${log.config.task}-${log.config.proposer}-seed${log.config.seed}-${stamp}.${ext}`;
}

/** The run log as the JSON a file export holds. */
export const runLogJson = (log: RunLog): string => JSON.stringify(log, null, 2) + '\n';

/** Saves text as a download without leaving the page (a blob: URL, same origin). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a run's log as JSON. */
export const exportJson = (log: RunLog): void =>
  downloadText(exportName(log, 'json'), runLogJson(log), 'application/json');

/** Downloads a run's candidates as CSV. */
export const exportCsv = (log: RunLog): void => downloadText(exportName(log, 'csv'), runLogToCsv(log), 'text/csv');
