/**
 * Where an API sends its calls: one object shape per backend protocol, told apart by `protocol`.
 * A new protocol (sofarpc, dubbo) is one more `strictObject` with `protocol: Type.Literal(...)`
 * added to `backendVariants`; error messages and defaults follow without other changes.
 */
import { Type } from '@sinclair/typebox';
import { DubboBackendSchema, SofaRpcBackendSchema } from './rpc-schema.js';
import { strictObject, taggedUnion } from './schema-builders.js';
import { headerName, headerValue, httpMethodDef, nameDef, pathDef, timeoutMs } from './schema-defs.js';

/** Forward to the endpoints of a cluster over HTTP/1.1. */
export const HttpBackendSchema = strictObject(
  {
    protocol: Type.Literal('http', { description: 'Forward over HTTP to a cluster.' }),
    cluster: nameDef('Name of the cluster (under `clusters`) whose endpoints receive the calls.'),
    path: Type.Optional(
      pathDef(
        'Upstream path that replaces the matched part of the request path: for a prefix route ' +
          '`/items` with path `/v1/items`, `/items/42` goes upstream as `/v1/items/42`. Absent: the request path is sent unchanged.',
      ),
    ),
    method: Type.Optional(httpMethodDef('HTTP method used upstream instead of the request\'s own. Absent: unchanged.')),
    timeoutMs: timeoutMs({
      description: 'Time a client waits for one upstream attempt to produce its response head (queueing for a connection and connecting included), and the longest pause between body chunks. A timed-out attempt answers 4001 and is not retried.',
      default: 3000,
      maximum: 600_000,
    }),
    retries: Type.Integer({
      description: 'Further attempts after a failed one; the invoker decides which failures may be retried.',
      default: 0,
      minimum: 0,
      maximum: 5,
    }),
    preserveHost: Type.Boolean({
      description: 'Send the client\'s Host header upstream instead of the endpoint\'s host.',
      default: false,
    }),
  },
  { title: 'HttpBackend', description: 'Forward to a cluster over HTTP.' },
);

/** Answer from the gateway itself, for a backend that does not exist yet. */
export const MockBackendSchema = strictObject(
  {
    protocol: Type.Literal('mock', { description: 'Answer with a fixed response; nothing is called.' }),
    status: Type.Integer({ description: 'HTTP status of the mock response.', default: 200, minimum: 100, maximum: 599 }),
    headers: Type.Record(Type.String(), headerValue('A header value.'), {
      description: 'Response headers, name to value.',
      default: {},
      propertyNames: headerName('A header name.'),
    }),
    body: Type.String({ description: 'Response body, sent as written.', default: '', maxLength: 1_048_576 }),
    resultCode: Type.Optional(
      Type.Integer({
        description:
          'Gateway result code reported for mock answers: a 4-digit positive integer. Absent: 1100 (DefaultMockStatus), applied by the snapshot compiler.',
        minimum: 1000,
        maximum: 9999,
      }),
    ),
  },
  { title: 'MockBackend', description: 'Answer from the gateway with a fixed response.' },
);

/** Every backend shape; order is the order listed in error messages. */
export const backendVariants = [HttpBackendSchema, MockBackendSchema, SofaRpcBackendSchema, DubboBackendSchema] as const;

/** An API's backend; `protocol` selects the shape. */
export const BackendSchema = taggedUnion('protocol', backendVariants, {
  title: 'Backend',
  description: 'Where the API\'s calls go; `protocol` selects the shape of the rest of the object.',
});
