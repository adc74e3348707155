import { connect, type Socket } from 'node:net';

/** A client socket that hands every received chunk to `onChunk` until `done` resolves. */
export async function exchange<T>(port: number, request: Buffer, onChunk: (chunk: Buffer) => T | undefined): Promise<T> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  try {
    return await new Promise<T>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('connection closed before an answer')));
      socket.on('data', (chunk: Buffer) => {
        try {
          const answer = onChunk(chunk);
          if (answer !== undefined) resolve(answer);
        } catch (err) {
          reject(err);
        }
      });
      socket.write(request);
    });
  } finally {
    socket.destroy();
  }
}
