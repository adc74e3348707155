/**
 * Names the gateway exports, taken from a real registry, and the metric names a PromQL expression
 * uses: the dashboard and alert-rule tests check the second against the first.
 */
import type { Registry } from 'prom-client';

/** Series names Prometheus itself adds to every target (not exported by the gateway). */
export const PROMETHEUS_OWN_SERIES: ReadonlySet<string> = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** Every series name the registry can expose: a histogram adds `_bucket`, `_sum`, `_count`. */
export async function exportedSeriesNames(registry: Registry): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    // prom-client types `type` as an enum whose values are these strings.
    const type = String(metric.type);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan',
]);

/**
 * Metric names used by a PromQL expression (Grafana variables such as `$node` or
 * `$__rate_interval` removed first). Function names (followed by `(`), label matchers, label lists
 * of `by`/`on`/…, durations and string literals are not names.
 */
export function promqlMetricNames(expression: string): Set<string> {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  // The look-behind keeps a number's exponent or a duration's unit (`1e3`, `5m`) from being read as a name.
  for (const match of stripped.matchAll(/(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)) {
    const token = match[1] as string;
    if (match[2] !== undefined || KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return names;
}
