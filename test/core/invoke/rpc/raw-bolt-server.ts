/**
 * A Bolt server made of the codec, for pool behaviour the real peers cannot be made to show: out
 * of order replies, dropped connections, silence, ignored heartbeats, garbage.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { BoltFrameDecoder, decodeSofaRequest, encodeBoltFrame, encodeSofaResponse, fromHessian, type BoltRequest } from '../../../../core/protocol/index.js';

export interface RawCall {
  readonly frame: BoltRequest;
  readonly args: unknown[];
  readonly socket: Socket;
  /** Sends `value` as the successful result of this call. */
  answer(value: unknown): void;
}

export interface RawBoltServer {
  readonly port: number;
  readonly connections: number;
  readonly heartbeats: number;
  close(): Promise<void>;
}

export interface RawBoltBehaviour {
  onCall?: (call: RawCall) => void;
  /** Ack heartbeats (default true). */
  ackHeartbeats?: boolean;
  onHeartbeat?: () => void;
}

export async function startRawBoltServer(behaviour: RawBoltBehaviour): Promise<RawBoltServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let heartbeats = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const decoder = new BoltFrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind === 'heartbeat') {
          heartbeats++;
          behaviour.onHeartbeat?.();
          if (behaviour.ackHeartbeats !== false) socket.write(encodeBoltFrame({ kind: 'heartbeat-ack', framing: frame.framing, id: frame.id, codec: frame.codec, status: 0 }));
        } else if (frame.kind === 'request') {
          const call = decodeSofaRequest(frame);
          const answer = (value: unknown): void => {
            if (!socket.destroyed) socket.write(encodeSofaResponse(frame.id, { isError: false, errorMsg: null, appResponse: value, responseProps: null }, { framing: frame.framing }));
          };
          const raw: RawCall = { frame, args: call.args.map((arg) => fromHessian(arg)), socket, answer };
          if (behaviour.onCall !== undefined) behaviour.onCall(raw);
          else answer(raw.args[0] ?? null);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() { return connections; },
    get heartbeats() { return heartbeats; },
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
