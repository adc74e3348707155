import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';

/** A started upstream and its URL; `close` also destroys open sockets so tests never hang. */
export interface TestUpstream {
  readonly url: string;
  readonly port: number;
  /** Requests received so far (method + url), in order. */
  readonly received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

function track(server: Server | TcpServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * An HTTP upstream whose answer the test writes. The default handler echoes a JSON description of
 * the request (method, url, headers, body).
 */
export async function startHttpUpstream(
  handle?: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<TestUpstream> {
  const received: TestUpstream['received'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (handle) return handle(request, response, body);
      const json = JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body, port });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(json);
    });
  });
  const sockets = track(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A raw TCP upstream for misbehaviour: garbage answers, resets, silence. */
export async function startRawUpstream(onSocket: (socket: Socket) => void): Promise<TestUpstream> {
  const server = createTcpServer(onSocket);
  const sockets = track(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received: [],
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A port nothing listens on (bound then released), for "upstream down" tests. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
