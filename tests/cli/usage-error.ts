/** The UsageError a call throws: the flag parsers are tested directly, one spawn per CLI stays for the exit code. */
import { expect } from 'vitest';
import { UsageError } from '../../benchmarks/cli/args';

export function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}
