/**
 * Semantic rules of the RPC parts: an API is reachable (by path, by `rpc`, or both), RPC routes do
 * not collide, argument mappings are complete, and a backend's cluster speaks its protocol
 * (`sofarpc` → bolt://, `dubbo` → dubbo://, `http` → http(s)://).
 */
import type { PathSegment } from './config-issue.js';
import { forEachDuplicate, type IssueCollector } from './semantic-report.js';
import type { ApiConfig, GantryConfig } from './types.js';

/** Where a protobuf backend's message types may come from; exactly one per backend. */
const PROTO_SOURCES = ['file', 'source', 'descriptorSet'] as const;

/** A JSON path the argument mapping understands: `$`, `$.a.b`, `$.items[0].name`. */
const jsonPathPattern = /^\$(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;

const schemesOf: Readonly<Record<string, readonly string[]>> = {
  http: ['http:', 'https:'],
  sofarpc: ['bolt:'],
  dubbo: ['dubbo:'],
};

interface RpcArgLike {
  readonly source: string;
  readonly key?: string;
}

/** Every RPC rule, in document order. */
export function checkRpc(config: GantryConfig, collector: IssueCollector): void {
  checkRpcListen(config, collector);
  config.apis.forEach((api, index) => checkApiRpc(config, api, index, collector));
  forEachDuplicate(
    config.apis,
    (api) => {
      const rpc = api.match.rpc;
      return rpc === undefined ? undefined : [rpc.service, rpc.version ?? '*', rpc.uniqueId ?? '*', rpc.method].join('\n');
    },
    (index, first) => {
      const rpc = config.apis[index]?.match.rpc;
      if (rpc === undefined) return;
      collector.report(['apis', index, 'match', 'rpc'], `same RPC route as ${collector.where(['apis', first])}: ${rpc.service} ${rpc.method}`);
    },
  );
}

function checkRpcListen(config: GantryConfig, { report }: IssueCollector): void {
  const { http, admin, bolt, dubbo } = config.listen;
  const taken: [string, number][] = [['http', http], ['admin', admin]];
  for (const [name, port] of [['bolt', bolt], ['dubbo', dubbo]] as const) {
    if (port === undefined || port === 0) continue;
    const clash = taken.find(([, other]) => other === port);
    if (clash !== undefined) report(['listen', name], `must differ from listen.${clash[0]} (both are ${port})`);
    taken.push([name, port]);
  }
}

function checkApiRpc(config: GantryConfig, api: ApiConfig, index: number, { report }: IssueCollector): void {
  const match = api.match;
  const at = (...rest: PathSegment[]): PathSegment[] => ['apis', index, ...rest];
  if (match.path === undefined && match.rpc === undefined) report(at('match'), 'needs `path` (HTTP front) or `rpc` (Bolt/Dubbo fronts), or both');
  if (match.path !== undefined && match.type === undefined) report(at('match', 'type'), 'is required');
  if (match.path === undefined && match.type !== undefined) report(at('match', 'path'), 'is required with `type`');
  if (match.rpc?.args !== undefined) {
    checkArgs(match.rpc.args, at('match', 'rpc', 'args'), report);
    match.rpc.args.forEach((arg, argIndex) => {
      if (arg.source === 'path') report([...at('match', 'rpc', 'args'), argIndex, 'source'], 'an RPC argument cannot be written into the path; use body, bodyWhole, query or header');
    });
  }
  const backend = api.backend;
  if (backend.protocol === 'mock') return;
  if (backend.protocol !== 'http') {
    checkArgs(backend.args, at('backend', 'args'), report);
    if (backend.protocol === 'sofarpc' && backend.serialization === 'protobuf' && backend.proto === undefined) {
      report(at('backend', 'proto'), 'is required with serialization protobuf');
    }
    if (backend.protocol === 'sofarpc' && backend.proto !== undefined) {
      const given = PROTO_SOURCES.filter((key) => backend.proto?.[key] !== undefined);
      if (given.length !== 1) report(at('backend', 'proto'), `needs exactly one of ${PROTO_SOURCES.join(', ')}${given.length > 1 ? ` (has ${given.join(' and ')})` : ''}`);
    }
  }
  const cluster = config.clusters.find((candidate) => candidate.name === backend.cluster);
  const schemes = schemesOf[backend.protocol] ?? [];
  const wrong = cluster?.endpoints.find((endpoint) => !schemes.some((scheme) => endpoint.url.startsWith(`${scheme}//`)));
  if (wrong !== undefined) {
    report(at('backend', 'cluster'), `a ${backend.protocol} backend needs ${schemes.map((s) => `${s}//`).join(' or ')} endpoints; cluster "${backend.cluster}" has ${wrong.url}`);
  }
}

function checkArgs(args: readonly RpcArgLike[], at: PathSegment[], report: IssueCollector['report']): void {
  args.forEach((arg, argIndex) => {
    const where = [...at, argIndex];
    if (arg.source === 'bodyWhole') {
      if (arg.key !== undefined) report([...where, 'key'], 'must be absent for source bodyWhole (the whole body is the argument)');
      return;
    }
    if (arg.key === undefined) {
      report([...where, 'key'], `is required for source ${arg.source}`);
      return;
    }
    if (arg.source === 'body' && !jsonPathPattern.test(arg.key)) report([...where, 'key'], 'must be a JSON path such as $.text or $.items[0].name');
    if (arg.source === 'path' && !/^-?\d{1,3}$/.test(arg.key)) report([...where, 'key'], 'must be a path segment index (0 the first, -1 the last)');
  });
}
