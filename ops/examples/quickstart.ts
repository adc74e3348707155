/**
 * `npm start`: the quickstart. Starts the echo upstream on 127.0.0.1:9000 and a gateway serving
 * ops/examples/quickstart.yaml (HTTP on 8080, admin on 127.0.0.1:9080, logs in ./logs).
 * Ctrl-C drains and stops both.
 */
import { fileURLToPath } from 'node:url';
import { serveCommand } from '../cli/serve-command.js';
import { startEchoUpstream } from './echo-upstream.js';

const configPath = fileURLToPath(new URL('../../../ops/examples/quickstart.yaml', import.meta.url));

const upstream = await startEchoUpstream(9000);
process.stdout.write('quickstart: echo upstream on http://127.0.0.1:9000\n');
process.stdout.write([
  'quickstart: try',
  '  curl -i http://localhost:8080/ping',
  '  curl -i http://localhost:8080/echo/hello',
  '  curl -i http://localhost:8080/items/42',
  '  curl -i http://localhost:8080/nowhere',
  '  curl -s http://127.0.0.1:9080/metrics | grep gantry_http_requests_total',
  '',
].join('\n'));
const code = await serveCommand(['--config', configPath, ...process.argv.slice(2)]);
upstream.close();
process.exit(code);
