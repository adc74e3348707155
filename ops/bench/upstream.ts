import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnManaged, type ManagedChild } from './children.js';
import type { RunContext } from './context.js';
import { freePort } from './free-port.js';
import { waitUntilReady } from './http-probe.js';
import { nginxArgs, upstreamNginxConf } from './nginx.js';
import { pinnedCommand } from './pinning.js';
import { UPSTREAM_BODY } from './scenarios.js';

/** The server every proxy forwards to, shared by all rows of a run. */
export interface Upstream {
  kind: 'nginx' | 'node';
  url: string;
  port: number;
  child: ManagedChild;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * Starts the upstream on the load CPU: nginx when installed (cheapest per request, so it is least
 * likely to be the bottleneck), else a node:http server in its own process.
 */
export async function startUpstream(ctx: RunContext): Promise<Upstream> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ManagedChild;
  let kind: Upstream['kind'];
  if (ctx.nginx !== null) {
    const prefix = join(ctx.tmpDir, 'nginx-upstream');
    mkdirSync(prefix, { recursive: true });
    const conf = join(prefix, 'nginx.conf');
    writeFileSync(conf, upstreamNginxConf(prefix, port, UPSTREAM_BODY));
    const cmd = pinnedCommand(ctx.cpu.loadCpu, ctx.nginx.binary, nginxArgs(prefix, conf));
    child = spawnManaged('upstream (nginx)', cmd.command, cmd.args);
    kind = 'nginx';
  } else {
    const script = join(ctx.benchDir, 'peers', 'node-upstream.js');
    const cmd = pinnedCommand(ctx.cpu.loadCpu, process.execPath, [script, String(port)]);
    child = spawnManaged('upstream (node)', cmd.command, cmd.args);
    kind = 'node';
  }
  try {
    await waitUntilReady(`${url}/`, child, READY_TIMEOUT_MS);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { kind, url, port, child };
}
