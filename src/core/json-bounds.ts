/**
 * Bounds for untrusted JSON that a validator lets through without knowing
 * its shape (fields from a newer version, free-form extras). Walks the value
 * with an explicit stack, never recursion, so a value nested a million levels
 * deep is refused in a few steps instead of overflowing the call stack, and
 * stops at the first limit exceeded instead of measuring a huge value whole.
 */

/** How big an unvalidated value may be. */
export interface JsonBounds {
  /** Approximate serialised size, in characters. */
  chars: number;
  /** Nesting depth of arrays and objects (a scalar is depth 0). */
  depth: number;
}

/** Returns why `value` exceeds `bounds` (a phrase to follow a path), or null when it fits. */
export function exceedsBounds(value: unknown, bounds: JsonBounds): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  let chars = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') chars += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) chars += 5;
    else if (typeof v === 'object') {
      if (depth + 1 > bounds.depth) return `is nested more than ${bounds.depth} levels deep`;
      chars += 2;
      if (Array.isArray(v)) {
        // Check the length first: a huge array is refused without pushing it.
        chars += v.length;
        if (chars > bounds.chars) return `is larger than ${bounds.chars} characters`;
        for (const x of v) stack.push([x, depth + 1]);
      } else {
        const keys = Object.keys(v);
        if (chars + keys.length > bounds.chars) return `is larger than ${bounds.chars} characters`;
        for (const k of keys) {
          chars += k.length + 4;
          stack.push([(v as Record<string, unknown>)[k], depth + 1]);
        }
      }
    } else return `holds a ${typeof v}, which JSON cannot`;
    if (chars > bounds.chars) return `is larger than ${bounds.chars} characters`;
  }
  return null;
}

/** How many fields a validator does not know an object may carry, and how big each may be. */
export interface UnknownFieldBounds extends JsonBounds {
  count: number;
}

/**
 * Fields of `obj` not in `known`, checked against `bounds`: returns the first
 * offending field (its key cut short) and why, or null when all fit. Lets a
 * reader accept a newer writer's extras without accepting any size.
 */
export function unknownFieldProblem(
  obj: Record<string, unknown>,
  known: readonly string[],
  bounds: UnknownFieldBounds,
): { field: string; detail: string } | null {
  const extra = Object.keys(obj).filter((k) => !known.includes(k));
  const field = (k: string) => cut(k, 40);
  if (extra.length > bounds.count)
    return {
      field: field(extra[0]),
      detail: `is one of ${extra.length} unknown fields; at most ${bounds.count} are read`,
    };
  for (const k of extra) {
    const why = exceedsBounds(obj[k], bounds);
    if (why) return { field: field(k), detail: `is not a known field and ${why}` };
  }
  return null;
}

/** Cuts a string for quoting in an error message: long input must not make a long message. */
export function cut(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** JSON.stringify for an error message: bounded, and never throws (cycles, BigInt, deep nesting). */
export function quote(v: unknown, max = 80): string {
  if (typeof v === 'string') return JSON.stringify(cut(v, max));
  if (v === undefined) return 'undefined';
  if (typeof v !== 'object' || v === null) return String(v);
  const big = exceedsBounds(v, { chars: max * 4, depth: 8 });
  if (big) return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
  try {
    return cut(JSON.stringify(v), max);
  } catch {
    return 'an unprintable value';
  }
}
