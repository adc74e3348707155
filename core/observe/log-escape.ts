/**
 * Escaping that keeps every log entry on one line and every field separable.
 *
 * Field values (digest fields, bracketed error-log tags) percent-encode the characters that delimit
 * fields — `,` `(` `)` `[` `]` — and every control character (CR, LF, TAB, the rest of C0 and DEL),
 * e.g. `/a,b` becomes `/a%2Cb`. `%` itself is left alone, so `%2C` in a logged value means either a
 * literal comma or the URL escape of one; for URL paths, the main source of such characters, the two
 * are the same resource. Free-text messages only turn CR/LF into the two-character sequences `\r` and
 * `\n`, since nothing after the message is parsed.
 */

const HEX = '0123456789ABCDEF';

// Matches C0 controls, DEL and `,()[]`: the class lists what passes (printable ASCII minus those five,
// and all non-ASCII) so the source holds no control-character escapes. A regex test beats a charCode
// loop on the short values of a digest line.
const UNSAFE_FIELD_CHAR = /[^ -'*+\--Z\\^-~\u0080-\uffff]/;
const UNSAFE_FIELD_CHARS = /[^ -'*+\--Z\\^-~\u0080-\uffff]/g;

function percentEncode(char: string): string {
  const code = char.charCodeAt(0);
  return `%${HEX[code >> 4]}${HEX[code & 0xf]}`;
}

/**
 * Returns `value` safe to place between field delimiters; `'-'` for an empty or missing value.
 * The common case (nothing to escape) returns the input string without allocating.
 */
export function escapeLogField(value: string | undefined): string {
  if (value === undefined || value.length === 0) return '-';
  if (!UNSAFE_FIELD_CHAR.test(value)) return value;
  return value.replace(UNSAFE_FIELD_CHARS, percentEncode);
}

/** Returns `message` with CR and LF written as `\r` and `\n` so the entry stays on one line. */
export function escapeLogMessage(message: string): string {
  if (message.indexOf('\n') === -1 && message.indexOf('\r') === -1) return message;
  return message.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
