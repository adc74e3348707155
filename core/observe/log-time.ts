/**
 * Local wall-clock time as the production gateway prints it: `YYYY-MM-DD HH:mm:ss,SSS`.
 *
 * Formatting a Date costs far more than the rest of a digest line, so the text up to the comma is
 * built once per second and only the milliseconds are appended per call. One cache entry is
 * enough: log calls arrive in time order, and a stale hit is impossible because the key is the
 * whole epoch second.
 */

let cachedEpochSecond = Number.NaN;
let cachedSecondText = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatSecondText(epochSecond: number): string {
  const d = new Date(epochSecond * 1000);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())},`
  );
}

/** Formats epoch milliseconds (`Date.now()`) as local `YYYY-MM-DD HH:mm:ss,SSS`. */
export function formatLogTime(nowMs: number): string {
  const ms = Math.floor(nowMs);
  const epochSecond = Math.floor(ms / 1000);
  if (epochSecond !== cachedEpochSecond) {
    cachedSecondText = formatSecondText(epochSecond);
    cachedEpochSecond = epochSecond;
  }
  const millis = ms - epochSecond * 1000;
  return cachedSecondText + (millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : String(millis));
}
