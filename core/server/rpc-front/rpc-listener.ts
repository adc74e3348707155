import { createServer, type Server, type Socket } from 'node:net';

/** One protocol's handling of an accepted connection. */
export interface RpcConnection {
  onData(chunk: Buffer): void;
  /** The socket closed: calls in flight are marked gone. */
  onClose(): void;
}

/**
 * A TCP listener for an RPC front: each accepted socket gets its protocol handler; on drain the
 * listener stops accepting and, at the end, cuts the connections still open.
 */
export class RpcListener {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static start(host: string, port: number, accept: (socket: Socket) => RpcConnection): Promise<RpcListener> {
    const server = createServer({ noDelay: true });
    const listener = new RpcListener(server);
    server.on('connection', (socket) => {
      listener.sockets.add(socket);
      const connection = accept(socket);
      socket.on('data', (chunk: Buffer) => connection.onData(chunk));
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        listener.sockets.delete(socket);
        connection.onClose();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(listener);
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  stopAccepting(): void {
    this.server.close();
  }

  forceClose(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Header values an HTTP backend can receive: an RPC header with other bytes is not forwarded. */
const FORWARDABLE = /^[\t\x20-\x7e]*$/;

/** The string headers/attachments of an RPC call as the exchange's header map (names lower-cased). */
export function headerMapOf(source: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'string' || !FORWARDABLE.test(value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) continue;
    headers[name.toLowerCase()] = value;
  }
  return headers;
}
