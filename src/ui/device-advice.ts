/**
 * A warning before Start when this run's children will be slow on this
 * device — the digits task can grow convnets, and a convnet trains at
 * seconds a step on a software GPU adapter or the CPU (minutes a child).
 * It is advice from what the page sees before the run (the adapter, the
 * backend asked for), not a measurement.
 */
import type { RunConfig } from '../core/config';
import { TASKS } from '../core/tasks';
import type { Capabilities } from './capabilities';

/** Why this run may be slow here, or '' when nothing suggests it. */
export function slowRunWarning(config: RunConfig, caps: Capabilities | null): string {
  if (!caps || TASKS[config.task].kind !== 'images') return '';
  const gpu = caps.offers.find((o) => o.backend === 'webgpu')?.available ?? false;
  const software = caps.adapter?.isFallbackAdapter ?? false;
  const onGpu = config.backend === 'webgpu' || (config.backend === 'auto' && gpu);
  const where = onGpu
    ? software
      ? 'a software GPU adapter (no hardware GPU is in use)'
      : ''
    : config.backend === 'auto'
      ? 'no GPU'
      : `the ${config.backend} backend`;
  if (!where || (onGpu && !software) || config.backend === 'webgl') return '';
  return (
    `This run's children may be slow here: on ${where}, a digits child that becomes a ` +
    `convnet can take minutes (the status line shows its steps). A 2-D task, or fewer ` +
    `training steps, keeps each child to seconds.`
  );
}
