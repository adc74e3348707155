import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNginx, nginxArgs, proxyNginxConf, upstreamNginxConf } from '../../../ops/bench/nginx.js';
import { UPSTREAM_BODY } from '../../../ops/bench/scenarios.js';

const nginx = findNginx();

describe('nginx', () => {
  it('nginx - the upstream config answers any method on its port and echoes the body framing', () => {
    const conf = upstreamNginxConf('/tmp/p', 4100, UPSTREAM_BODY);
    expect(conf).toContain('listen 127.0.0.1:4100');
    expect(conf).toContain('worker_processes 1;');
    expect(conf).toContain('daemon off;');
    expect(conf).toContain(`return 200 '${UPSTREAM_BODY}';`);
    expect(conf).toContain('add_header x-upstream-body-bytes $content_length;');
  });

  it('nginx - the proxy config keeps upstream connections alive', () => {
    const conf = proxyNginxConf('/tmp/p', 4101, 4100);
    expect(conf).toContain('server 127.0.0.1:4100;');
    expect(conf).toContain('keepalive 64;');
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Connection "";');
  });

  it('nginx - refuses a body it could not quote', () => {
    expect(() => upstreamNginxConf('/tmp/p', 1, "it's")).toThrow(/single quote/);
  });

  it.skipIf(nginx === null)('nginx - both generated configs pass nginx -t', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-test-'));
    try {
      for (const [name, text] of [
        ['upstream.conf', upstreamNginxConf(dir, 4100, UPSTREAM_BODY)],
        ['proxy.conf', proxyNginxConf(dir, 4101, 4100)],
      ] as const) {
        const conf = join(dir, name);
        writeFileSync(conf, text);
        const check = spawnSync(nginx?.binary ?? 'nginx', ['-t', ...nginxArgs(dir, conf)], { encoding: 'utf8' });
        expect(check.stderr).toContain('test is successful');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
