import { PAIRED_PREFIXES } from './gantry-config.js';
import type { ScenarioName } from './types.js';

/** The upstream's answer to every request: JSON padded to exactly 100 bytes. */
export const UPSTREAM_BODY = buildUpstreamBody(100);

/**
 * Response headers by which the upstream tells what request body it got: its length (declared by
 * content-length for nginx, counted for the node upstream) and any transfer-encoding (when a proxy
 * re-frames the body as chunked, nginx cannot tell its length before answering). Sent only when set.
 */
export const UPSTREAM_BODY_BYTES_HEADER = 'x-upstream-body-bytes';
export const UPSTREAM_TRANSFER_ENCODING_HEADER = 'x-upstream-transfer-encoding';

/** Size of the request body of the POST scenario. */
export const POST_BODY_BYTES = 4096;

/** One traffic shape sent by the load generator. */
export interface Scenario {
  name: ScenarioName;
  method: 'GET' | 'POST';
  path: string;
  /** Request body size in bytes; 0 for none. */
  bodyBytes: number;
  /**
   * The scenario whose peer rows this one is compared with. The plugins scenario runs on the gateway
   * only, so its ratios are taken against the peers' (and the gateway's own) plain GET rows.
   */
  baseScenario: ScenarioName;
  /** A response header the probe must see before the scenario is measured (proves plugins ran). */
  expectHeader?: { name: string; value: string };
  /**
   * When set, the scenario is measured in alternating windows against this path on the same process
   * (a route without the scenario's extra work), and its cost is the median of the per-round ratios.
   */
  pairedBaselinePath?: string;
}

/** Every scenario by name. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  'get-100B': { name: 'get-100B', method: 'GET', path: '/bench', bodyBytes: 0, baseScenario: 'get-100B' },
  'post-4KiB': { name: 'post-4KiB', method: 'POST', path: '/bench', bodyBytes: POST_BODY_BYTES, baseScenario: 'post-4KiB' },
  'get-100B+plugins': {
    name: 'get-100B+plugins',
    method: 'GET',
    path: `${PAIRED_PREFIXES.plugged}/bench`,
    bodyBytes: 0,
    baseScenario: 'get-100B',
    expectHeader: { name: 'x-served-by', value: 'gantry' },
    pairedBaselinePath: `${PAIRED_PREFIXES.bare}/bench`,
  },
};

/** The request body a scenario sends, or undefined for none. */
export function scenarioBody(scenario: Scenario): Buffer | undefined {
  return scenario.bodyBytes === 0 ? undefined : Buffer.alloc(scenario.bodyBytes, 'x');
}

function buildUpstreamBody(bytes: number): string {
  const head = '{"ok":true,"from":"bench-upstream","pad":"';
  const tail = '"}';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}
