/**
 * fast-gateway (restana + fast-proxy-lite over node:http keep-alive agents) proxying everything to
 * the upstream. Its default route pattern is `prefix + '/*'`, so the catch-all uses an empty prefix.
 */
import gateway from 'fast-gateway';
import { exitWithParent, peerArgsFromArgv } from './peer-args.js';

const { port, upstreamUrl } = peerArgsFromArgv();

const server = gateway({
  routes: [{ prefix: '', target: upstreamUrl }],
  enableServicesEndpoint: false,
});
await server.start(port, '127.0.0.1');
exitWithParent();
