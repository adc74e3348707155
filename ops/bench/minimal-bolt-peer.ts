/**
 * The cheapest SOFARPC provider we can run: a net server that answers every SofaRequest with its
 * first argument, on Gantry's own codec. It plays for the RPC rows what a small node:http server
 * plays for the HTTP rows — an upstream that costs little, so the gateway is what is measured
 * (sofa-rpc-node's RpcServer needs about twice the CPU per call of the Dubbo provider).
 */
import { createServer, type Server } from 'node:net';
import { BoltFrameDecoder, BoltResponseStatus, decodeSofaRequest, encodeBoltFrame, encodeSofaResponse } from '../../core/protocol/index.js';

export async function startMinimalBoltPeer(): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket) => {
    const decoder = new BoltFrameDecoder();
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.kind === 'heartbeat') {
          socket.write(encodeBoltFrame({ kind: 'heartbeat-ack', framing: frame.framing, id: frame.id, codec: frame.codec, status: BoltResponseStatus.SUCCESS }));
        } else if (frame.kind === 'request' && !frame.oneway) {
          const call = decodeSofaRequest(frame);
          const echoed = call.args[0] ?? null;
          socket.write(encodeSofaResponse(frame.id, { isError: false, errorMsg: null, appResponse: { $class: 'java.lang.String', $: String(echoed) }, responseProps: null }, { framing: frame.framing, hessian: call.hessian }));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
