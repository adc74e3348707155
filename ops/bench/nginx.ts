import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UPSTREAM_BODY_BYTES_HEADER, UPSTREAM_TRANSFER_ENCODING_HEADER } from './scenarios.js';

/** Where nginx lives when it is installed but /usr/sbin is not on PATH (non-root shells). */
const NGINX_CANDIDATES = ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

/** The nginx binary and its version, or null when nginx is not installed. */
export function findNginx(): { binary: string; version: string } | null {
  for (const binary of NGINX_CANDIDATES) {
    if (binary.startsWith('/') && !existsSync(binary)) continue;
    const probe = spawnSync(binary, ['-v'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) continue;
    // nginx prints its version on stderr: "nginx version: nginx/1.22.1"
    const version = (probe.stderr || probe.stdout).trim().replace(/^nginx version:\s*/, '');
    return { binary, version };
  }
  return null;
}

/** Command-line arguments that keep every nginx path (logs, pid, temp) inside `prefixDir`. */
export function nginxArgs(prefixDir: string, confPath: string): string[] {
  return ['-p', prefixDir, '-c', confPath, '-e', join(prefixDir, 'error.log')];
}

/**
 * One worker in the foreground, no access log, keep-alive that outlasts any run; temp paths inside
 * the prefix so nothing touches the system's nginx directories.
 */
function nginxConf(prefixDir: string, httpBlock: string): string {
  return `daemon off;
worker_processes 1;
pid ${join(prefixDir, 'nginx.pid')};
error_log ${join(prefixDir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(prefixDir, 'client-body')};
  proxy_temp_path ${join(prefixDir, 'proxy')};
  fastcgi_temp_path ${join(prefixDir, 'fastcgi')};
  uwsgi_temp_path ${join(prefixDir, 'uwsgi')};
  scgi_temp_path ${join(prefixDir, 'scgi')};
  keepalive_requests 10000000;
  keepalive_timeout 300s;
${httpBlock}
}
`;
}

/**
 * The upstream: 200 with a fixed body for any method. `return` makes nginx discard a request body
 * itself, so POSTs keep their connection alive (checked with curl: three 4 KiB POSTs, one connection).
 * The echoed request framing lets the probe see that a proxy really forwarded the body; nginx omits
 * a header whose value is empty, so GET responses stay as small as they were.
 */
export function upstreamNginxConf(prefixDir: string, port: number, body: string): string {
  if (body.includes("'")) throw new Error('upstream body must not contain a single quote');
  return nginxConf(
    prefixDir,
    `  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      client_body_buffer_size 16k;
      client_max_body_size 1m;
      default_type application/json;
      add_header ${UPSTREAM_BODY_BYTES_HEADER} $content_length;
      add_header ${UPSTREAM_TRANSFER_ENCODING_HEADER} $http_transfer_encoding;
      return 200 '${body}';
    }
  }`,
  );
}

/** nginx as a reverse proxy with a pool of keep-alive upstream connections, as it is run in production. */
export function proxyNginxConf(prefixDir: string, port: number, upstreamPort: number): string {
  return nginxConf(
    prefixDir,
    `  upstream up {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      client_body_buffer_size 16k;
      client_max_body_size 1m;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://up;
    }
  }`,
  );
}
