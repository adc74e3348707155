/**
 * The RPC parts of the config: the argument mapping between an HTTP request and an RPC call, the
 * `sofarpc` and `dubbo` backends, and `match.rpc` (an API reached by RPC fronts by service and
 * method instead of by path). Kept apart from backend-schema.ts so the HTTP shapes stay readable.
 */
import { Type } from '@sinclair/typebox';
import { stringEnum, strictObject } from './schema-builders.js';
import { nameDef, timeoutMs } from './schema-defs.js';

/** Where one RPC argument is read from in an HTTP request (and written to, in reverse). */
export const rpcArgSources = ['body', 'bodyWhole', 'query', 'header', 'path'] as const;

/** Java types with a fixed meaning; anything else is a class name (a POJO `$class`). */
export const javaTypePattern = '^[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*(?:\\[\\])*$';
const serviceNamePattern = '^[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*$';
const methodNamePattern = '^[A-Za-z_$][A-Za-z0-9_$]*$';
const tokenPattern = '^[^\\s:]{1,128}$';

/** Readable reasons for the RPC patterns (merged into the config's pattern messages). */
export const rpcPatternMessages: ReadonlyMap<string, string> = new Map([
  [javaTypePattern, 'must be a Java type: a primitive (int, long...) or a class name such as java.lang.String'],
  [serviceNamePattern, 'must be a Java interface name such as com.example.echo.EchoService'],
  [methodNamePattern, 'must be a Java method name'],
  [tokenPattern, 'must be 1-128 characters without spaces or ":"'],
]);

/** One argument of the call, in order. */
export const RpcArgSchema = strictObject(
  {
    source: stringEnum(rpcArgSources, {
      description:
        '`body`: a field of the JSON body found by `key` (a JSON path, `$.a.b` or `$.items[0]`; `$` is the whole body); ' +
        '`bodyWhole`: the whole JSON body as one Map or POJO (no key); `query`: the query parameter `key`; ' +
        '`header`: the request header `key`; `path`: the path segment at index `key` (0 is the first, -1 the last).',
    }),
    key: Type.Optional(Type.String({ description: 'What to read within the source (see `source`). Required except for `bodyWhole`.', minLength: 1, maxLength: 256 })),
    type: Type.String({
      description: 'Java type of the argument: `int`, `long`, `double`, `boolean`, `java.lang.String`, `java.util.List`, `java.util.Map`, or a POJO class name (the value is sent as that class).',
      pattern: javaTypePattern,
      maxLength: 256,
    }),
  },
  { title: 'RpcArg', description: 'One argument of an RPC call and where it comes from in the HTTP request.' },
);

const rpcArgList = Type.Array(RpcArgSchema, {
  description: 'The arguments, in the order of the method\'s parameters. Empty: a method without parameters.',
  default: [],
  maxItems: 64,
});

/** The protobuf messages of a method (when `serialization: protobuf`). */
export const RpcProtoSchema = strictObject(
  {
    file: Type.Optional(Type.String({ description: 'Path of the `.proto` file that declares the messages, on each node. One of `file`, `source`, `descriptorSet`.', minLength: 1, maxLength: 1024 })),
    source: Type.Optional(Type.String({
      description: 'The `.proto` text itself (imports other than Google\'s well-known types cannot be resolved): travels with the config to every node. One of `file`, `source`, `descriptorSet`.',
      minLength: 1,
      maxLength: 1024 * 1024,
    })),
    descriptorSet: Type.Optional(Type.String({
      description: 'A serialized `google.protobuf.FileDescriptorSet` in base64, e.g. of `protoc --include_imports --descriptor_set_out=FILE`: travels with the config to every node. One of `file`, `source`, `descriptorSet`.',
      minLength: 1,
      maxLength: 4 * 1024 * 1024,
      pattern: '^[A-Za-z0-9+/]+={0,2}$',
    })),
    requestType: Type.String({ description: 'Fully qualified request message type (`pkg.EchoRequest`).', pattern: serviceNamePattern }),
    responseType: Type.String({ description: 'Fully qualified response message type (`pkg.EchoResponse`).', pattern: serviceNamePattern }),
  },
  { title: 'RpcProto', description: 'Protobuf messages of the method.' },
);

function rpcTarget(serviceLabel: string) {
  return {
    cluster: nameDef(`Name of the cluster (under \`clusters\`) whose endpoints serve the calls (${serviceLabel} endpoints).`),
    service: Type.String({ description: 'Java interface of the service.', pattern: serviceNamePattern, maxLength: 256 }),
    method: Type.String({ description: 'Method called.', pattern: methodNamePattern, maxLength: 128 }),
    args: rpcArgList,
    timeoutMs: timeoutMs({
      description: 'Time a client waits for the RPC response (connecting included); past it the call answers 4001.',
      default: 3000,
      maximum: 600_000,
    }),
    retries: Type.Integer({
      description: 'Further attempts after a call that provably never left (connection refused, breaker open). Sent calls are never repeated.',
      default: 0,
      minimum: 0,
      maximum: 5,
    }),
  };
}

/** Call a SOFARPC service over Bolt. */
export const SofaRpcBackendSchema = strictObject(
  {
    protocol: Type.Literal('sofarpc', { description: 'Call a SOFARPC service over Bolt.' }),
    ...rpcTarget('bolt://'),
    version: Type.String({ description: 'Service version (the Bolt service name is `service:version[:uniqueId]`).', default: '1.0', pattern: tokenPattern }),
    uniqueId: Type.Optional(Type.String({ description: 'SOFARPC uniqueId of the service, when several implementations share an interface.', pattern: tokenPattern })),
    targetApp: Type.Optional(Type.String({ description: 'Application name sent in the Bolt header `sofa_head_target_app`.', pattern: tokenPattern })),
    serialization: stringEnum(['hessian2', 'protobuf'], { description: 'Payload serialization.', default: 'hessian2' }),
    hessian: stringEnum(['4.x', '3.x'], {
      description: 'Hessian 2 dialect the provider reads: `4.x` (Java SOFARPC, the final Hessian 2 spec) or `3.x` (the draft dialect sofa-rpc-node writes by default). Replies are read in either.',
      default: '4.x',
    }),
    proto: Type.Optional(RpcProtoSchema),
  },
  { title: 'SofaRpcBackend', description: 'Call a SOFARPC service over Bolt.' },
);

/** Call a Dubbo service over the Dubbo 2 protocol. */
export const DubboBackendSchema = strictObject(
  {
    protocol: Type.Literal('dubbo', { description: 'Call a Dubbo service over the Dubbo 2 protocol (Hessian2).' }),
    ...rpcTarget('dubbo://'),
    version: Type.Optional(Type.String({ description: 'Service version; absent: none (the provider\'s default).', pattern: tokenPattern })),
    uniqueId: Type.Optional(Type.String({ description: 'Dubbo group of the service.', pattern: tokenPattern })),
  },
  { title: 'DubboBackend', description: 'Call a Dubbo service over the Dubbo 2 protocol.' },
);

/** An API reached by RPC fronts: calls to `service` (+version/uniqueId) and `method`. */
export const RpcMatchSchema = strictObject(
  {
    service: Type.String({ description: 'Java interface the RPC caller names.', pattern: serviceNamePattern, maxLength: 256 }),
    version: Type.Optional(Type.String({ description: 'Service version; absent: any version.', pattern: tokenPattern })),
    uniqueId: Type.Optional(Type.String({ description: 'SOFARPC uniqueId or Dubbo group; absent: any.', pattern: tokenPattern })),
    method: Type.String({ description: 'Method the RPC caller names.', pattern: methodNamePattern, maxLength: 128 }),
    args: Type.Optional(
      Type.Array(RpcArgSchema, {
        description:
          'How the caller\'s arguments become an HTTP request for an `http` backend (the mapping reversed: argument i is written to its source and key). ' +
          'Absent: a single Map/POJO argument is the JSON body, otherwise the JSON body is the array of arguments.',
        maxItems: 64,
      }),
    ),
  },
  { title: 'RpcMatch', description: 'Calls arriving on the Bolt or Dubbo front that this API answers.' },
);
