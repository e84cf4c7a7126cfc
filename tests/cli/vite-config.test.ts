/**
 * The Vite and Vitest configs load without warnings: Vite checks each config
 * against its coming native loader (Node's own import) and warns about what
 * that would not load, such as a relative import without its file extension.
 */
import { resolve } from 'node:path';
import { createLogger, loadConfigFromFile, type Logger, type UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { codeVersion } from '../../scripts/code-version';
import { CSP_HEADER } from '../../src/ui/csp';

const root = resolve(import.meta.dirname, '../..');

/** Loads a config file with Vite's default loader and its check on; returns the config and what Vite warned. */
async function load(file: string): Promise<{ config: UserConfig; warned: string[] }> {
  delete process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING;
  const warned: string[] = [];
  const logger: Logger = {
    ...createLogger('warn'),
    warn: (msg) => void warned.push(msg),
    warnOnce: (msg) => void warned.push(msg),
  };
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    resolve(root, file),
    root,
    'warn',
    logger,
  );
  if (!loaded) throw new Error(`${file} did not load`);
  return { config: loaded.config, warned };
}

describe('the build configs', () => {
  it('vite.config.ts loads without a warning, with the code version the page records', async () => {
    const { config, warned } = await load('vite.config.ts');
    expect(warned).toEqual([]);
    expect(config.define?.__CODE_VERSION__).toBe(JSON.stringify(codeVersion(root)));
  });

  it('the preview server sends the Content-Security-Policy (the built pages carry it too: csp.test.ts)', async () => {
    const { config } = await load('vite.config.ts');
    expect(config.preview?.headers?.['Content-Security-Policy']).toBe(CSP_HEADER);
  });

  it('vitest.config.ts loads without a warning', async () => {
    expect((await load('vitest.config.ts')).warned).toEqual([]);
  });
});
