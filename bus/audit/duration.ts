const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/**
 * Milliseconds in a duration such as `90s`, `15m`, `1h30m`, `7d` (units ms, s, m, h, d, w).
 * Throws a RangeError naming the text when it is not one.
 */
export function parseDurationMs(text: string): number {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) {
    throw new RangeError(`"${text}" is not a duration (examples: 30s, 15m, 1h30m, 7d)`);
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1);
  }
  return total;
}

/**
 * The start instant meant by `since`: a Date as is, a number as milliseconds before `now`, a string
 * as a duration before `now` (`1h`) or else an ISO date.
 */
export function resolveSince(since: Date | number | string, now: Date = new Date()): Date {
  if (since instanceof Date) return since;
  if (typeof since === 'number') return new Date(now.getTime() - since);
  if (WHOLE.test(since.trim())) return new Date(now.getTime() - parseDurationMs(since));
  const date = new Date(since);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`since: "${since}" is neither a duration (1h) nor a date (2024-05-01T10:00:00Z)`);
  }
  return date;
}
