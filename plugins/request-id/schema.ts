import { Type, type Static } from '../../sdk/index.js';

// RFC 9110 token characters; the same text as the gateway's own header-name rule, so a bad name
// gets the gateway's readable message instead of the pattern.
const headerNamePattern = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/**
 * Config of one request-id binding. Every field has a default, so `{}` is a complete config; the
 * static type is the config after validation (defaults filled in).
 */
export const RequestIdSchema = Type.Object(
  {
    headerName: Type.String({
      description: 'Header carrying the request id: read from the client, sent upstream and answered. Case-insensitive.',
      default: 'x-request-id',
      minLength: 1,
      maxLength: 256,
      pattern: headerNamePattern,
    }),
    setResponseHeader: Type.Boolean({
      description: 'Answer the trace id in `headerName`, also on answers the gateway makes itself.',
      default: true,
    }),
    acceptClientId: Type.Boolean({
      description: 'Use a valid id the client sent (traceparent, then `headerName`); false always generates one (untrusted edges).',
      default: true,
    }),
    propagateTraceparent: Type.Boolean({
      description: 'Send a W3C `traceparent` upstream carrying the trace id when the client sent no valid one that was kept.',
      default: true,
    }),
  },
  { additionalProperties: false, description: 'Gives every call a trace id and propagates it upstream and back to the client.' },
);

/** The request-id config after validation. */
export type RequestIdConfig = Static<typeof RequestIdSchema>;
