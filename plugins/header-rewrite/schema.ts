import { Type, type Static } from '../../sdk/index.js';

// The same texts as the gateway's own header rules, so a bad name or value gets the gateway's
// readable message instead of the pattern: RFC 9110 token characters; tab, visible ASCII and
// Latin-1 (what Node puts on the wire) — never CR or LF.
const headerNamePattern = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
const headerValuePattern = '^[\\t\\u0020-\\u007e\\u0080-\\u00ff]*$';

/**
 * Names `set` and `add` refuse: hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and
 * are stripped by the invoker anyway, and a rewritten `content-length` would no longer match the body.
 */
export const refusedHeaderNames = [
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length',
] as const;

/** `connection` → `[cC][oO]…`: Ajv patterns take no flags, and names are compared case-insensitively. */
function caseInsensitive(name: string): string {
  let out = '';
  for (const char of name) out += char === '-' ? '-' : `[${char}${char.toUpperCase()}]`;
  return out;
}

const refusedNamePattern = `^(?:${refusedHeaderNames.map(caseInsensitive).join('|')})$`;

const HeaderName = Type.String({ description: 'A header name; case-insensitive.', minLength: 1, maxLength: 256, pattern: headerNamePattern });

const HeaderValue = Type.String({ description: 'A header value; no line breaks.', maxLength: 8192, pattern: headerValuePattern });

/** A header name that may be written: a token, and not one of {@link refusedHeaderNames}. */
const WritableHeaderName = {
  allOf: [
    { pattern: headerNamePattern },
    {
      not: { pattern: refusedNamePattern },
      // Read by the gateway's issue formatter where supported; the `not` alone only says "must NOT be valid".
      errorMessage: `must not be one of ${refusedHeaderNames.join(', ')} (the gateway manages these headers)`,
    },
  ],
};

function headerValues(description: string) {
  return Type.Optional(Type.Record(Type.String(), HeaderValue, { description, maxProperties: 64, propertyNames: WritableHeaderName }));
}

/** The edits for one side (request or response), applied in the order remove, set, add. */
function headerEdits(description: string) {
  return Type.Object(
    {
      remove: Type.Optional(Type.Array(HeaderName, { description: 'Headers to delete.', maxItems: 64, uniqueItems: true })),
      set: headerValues('Headers to set, name to value; replaces any value already there.'),
      add: headerValues('Headers to append, name to value; a header already there becomes a list of values.'),
    },
    { additionalProperties: false, description },
  );
}

/** Config of one header-rewrite binding; `{}` is valid and edits nothing. */
export const HeaderRewriteSchema = Type.Object(
  {
    request: Type.Optional(headerEdits('Edits of the request headers, made before the call is forwarded upstream.')),
    response: Type.Optional(headerEdits('Edits of the response headers, made before the response head is written to the client.')),
  },
  { additionalProperties: false, description: 'Sets, appends and removes request and response headers.' },
);

/** The header-rewrite config after validation. */
export type HeaderRewriteConfig = Static<typeof HeaderRewriteSchema>;

/** One side's edits after validation. */
export type HeaderEdits = NonNullable<HeaderRewriteConfig['request']>;
