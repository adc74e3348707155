/**
 * Fastify 5 + @fastify/reply-from as a catch-all proxy: the closest off-the-shelf peer to the
 * gateway, which is itself built on Fastify and undici.
 */
import Fastify from 'fastify';
import replyFrom from '@fastify/reply-from';
import { exitWithParent, peerArgsFromArgv } from './peer-args.js';

const { port, upstreamUrl } = peerArgsFromArgv();
const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });

// Hand the unparsed payload stream over as the body: reply-from pipes a Stream body to the upstream
// (with `done(null)` and no body it would forward an empty one).
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

await app.register(replyFrom, {
  base: upstreamUrl,
  undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 },
});
app.all('/*', (request, reply) => reply.from(request.url));

await app.listen({ port, host: '127.0.0.1' });
exitWithParent();
