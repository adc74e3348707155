/**
 * Config files for CLI suites: one default group `demo`, a mock API `ping` answering a body the
 * test chooses (so a call tells which config a node serves) with the request-id plugin, and an
 * API `echo` on a cluster `echo` (something for `delete` to refuse).
 */

/** A valid config whose `/ping` answers `body`. */
export function demoConfig(body: string): string {
  return [
    'version: 1',
    'groups:',
    '  - { name: demo, hosts: [localhost, 127.0.0.1], default: true }',
    'apis:',
    '  - name: ping',
    '    group: demo',
    '    match: { path: /ping, type: exact }',
    `    backend: { protocol: mock, body: ${JSON.stringify(body)} }`,
    '    plugins: [{ name: request-id }]',
    '  - name: echo',
    '    group: demo',
    '    match: { path: /echo, type: prefix }',
    '    backend: { protocol: http, cluster: echo }',
    'clusters:',
    '  - name: echo',
    '    endpoints: [{ url: "http://127.0.0.1:9" }]',
    '',
  ].join('\n');
}

/** The same config as a document, with a header-rewrite config the plugin refuses (a bad header name). */
export function badPluginDocument(body: string): Record<string, unknown> {
  return {
    version: 1,
    groups: [{ name: 'demo', hosts: ['localhost', '127.0.0.1'], default: true }],
    apis: [
      {
        name: 'ping',
        group: 'demo',
        match: { path: '/ping', type: 'exact' },
        backend: { protocol: 'mock', body },
        plugins: [{ name: 'header-rewrite', config: { request: { set: { 'bad name': '1' } } } }],
      },
    ],
  };
}

/** {@link badPluginDocument} as YAML text (JSON is YAML). */
export function badPluginConfig(body: string): string {
  return `${JSON.stringify(badPluginDocument(body), null, 2)}\n`;
}
