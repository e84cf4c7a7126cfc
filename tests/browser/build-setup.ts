/**
 * Builds the app (when its sources changed) before the chromium-own project's
 * files run: they run two at a time, and each one's driver would otherwise
 * build dist/ itself, into the same folder at once.
 */
import { ensureBuilt } from '../../benchmarks/drivers/build';

export default async function setup() {
  await ensureBuilt(process.cwd());
}
