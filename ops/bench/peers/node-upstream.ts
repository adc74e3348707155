/**
 * The fallback upstream when nginx is not installed: answers any method with the fixed ~100 B body,
 * reading (and dropping) a request body first so the connection stays reusable.
 */
import { createServer } from 'node:http';
import { UPSTREAM_BODY, UPSTREAM_BODY_BYTES_HEADER, UPSTREAM_TRANSFER_ENCODING_HEADER } from '../scenarios.js';
import { exitWithParent } from './peer-args.js';

const port = Number(process.argv[2]);
const body = Buffer.from(UPSTREAM_BODY);

const server = createServer((req, res) => {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', body.length);
    // Same contract as the nginx upstream: tell the probe what body arrived, only when one did.
    if (received > 0) res.setHeader(UPSTREAM_BODY_BYTES_HEADER, received);
    const te = req.headers['transfer-encoding'];
    if (te !== undefined) res.setHeader(UPSTREAM_TRANSFER_ENCODING_HEADER, te);
    res.writeHead(200);
    res.end(body);
  });
});
server.keepAliveTimeout = 300_000;
server.listen(port, '127.0.0.1');
exitWithParent();
