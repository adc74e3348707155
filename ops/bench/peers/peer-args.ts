/** What every peer process is told on its command line: `<port> <upstream-url>`. */
export interface PeerArgs {
  port: number;
  upstreamUrl: string;
}

/** Reads `<port> <upstream-url>` from argv; exits with a message when they are missing. */
export function peerArgsFromArgv(argv: readonly string[] = process.argv.slice(2)): PeerArgs {
  const port = Number(argv[0]);
  const upstreamUrl = argv[1] ?? '';
  if (!Number.isInteger(port) || port <= 0 || !upstreamUrl.startsWith('http://')) {
    process.stderr.write('usage: <peer>.js <port> <upstream-url>\n');
    process.exit(2);
  }
  return { port, upstreamUrl };
}

/**
 * Exits when the orchestrator goes away: it holds our stdin open, so stdin ending means it died,
 * even by SIGKILL, and we must not linger holding a port and a CPU.
 */
export function exitWithParent(): void {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) that a proxy must not forward. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
