/**
 * Documents shared by the config suites. Each call returns a fresh object, so a test may change it
 * freely; `changed` applies edits addressed by dotted paths (`apis.0.backend.timeoutMs`).
 */
import { parse } from 'yaml';

/** The document from the config-model issue, verbatim. */
export const issueExampleYaml = `
version: 1
listen: { http: 8080, admin: 9080 }          # both optional, these defaults
groups:
  - name: shop
    hosts: [shop.example.test, "*.shop.test"]
    # default: true   (optional; at most one group)
apis:
  - name: get-item
    group: shop
    match: { path: /items, type: prefix, methods: [GET, POST] }   # type: exact | prefix; methods optional (any)
    backend: { protocol: http, cluster: items, path: /v1/items, timeoutMs: 3000, retries: 1 }
    plugins:
      - { name: request-id, config: {} }
  - name: ping
    group: shop
    match: { path: /ping, type: exact }
    backend: { protocol: mock, status: 200, headers: { content-type: application/json }, body: '{"pong":true}' }
clusters:
  - name: items
    lb: round-robin                              # random | round-robin | weighted
    endpoints:
      - { url: "http://127.0.0.1:9000", weight: 1 }
    breaker: { errorThresholdPercentage: 50, resetTimeoutMs: 10000, volumeThreshold: 20 }
bindings:                                        # plugins attached to a group or globally
  - { plugin: request-id, scope: global, config: {} }
`;

/** A fresh copy of the issue's example as plain data. */
export function issueExample(): Record<string, unknown> {
  return parse(issueExampleYaml) as Record<string, unknown>;
}

/** Path of the quickstart example, from the repository root. */
export const quickstartUrl = new URL('../../../ops/examples/quickstart.yaml', import.meta.url);

/** An edit to a document: set a value, or remove a key / array item when `value` is `remove`. */
export type Edit = readonly [path: string, value: unknown];

/** Marker value of an {@link Edit} that deletes instead of setting. */
export const remove = Symbol('remove');

/** The issue's example with `edits` applied in order. */
export function changed(...edits: readonly Edit[]): Record<string, unknown> {
  const document = issueExample();
  for (const [path, value] of edits) applyEdit(document, path.split('.'), value);
  return document;
}

function applyEdit(root: unknown, keys: readonly string[], value: unknown): void {
  let node = root;
  for (const key of keys.slice(0, -1)) {
    node = containerOf(node)[key];
  }
  const container = containerOf(node);
  const last = keys[keys.length - 1] ?? '';
  if (value !== remove) container[last] = value;
  else if (Array.isArray(node)) node.splice(Number(last), 1);
  else Reflect.deleteProperty(container, last);
}

function containerOf(node: unknown): Record<string, unknown> {
  if (typeof node !== 'object' || node === null) throw new Error('fixture path leads through a non-object');
  return node as Record<string, unknown>;
}
