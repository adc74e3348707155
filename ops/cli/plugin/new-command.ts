/**
 * `gantry plugin new NAME --lang ts|as [--dir DIR]`: scaffolds a plugin that builds and passes its
 * test out of the box — a manifest, the code (a path refusal and a response stamp, to show both
 * phases and the config), `plugin.test.json` for `gantry plugin test`, and a README.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gantryRoot } from '../../../sdk/as-pdk/gantry-root.js';
import { CliError, parseVerbLine, stringFlag, UsageError } from '../cli-args.js';

export const newUsage = `gantry plugin new NAME --lang ts|as [--dir DIR]
  Scaffolds plugin NAME in DIR (default ./NAME): gantry-plugin.json, the code (plugin.ts, or
  assembly/index.ts for AssemblyScript), plugin.test.json and a README. Then: gantry plugin build
  DIR, gantry plugin test DIR.`;

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

type Lang = 'ts' | 'as';

function manifest(name: string, lang: Lang): string {
  return `${JSON.stringify({
    name,
    version: '0.1.0',
    kind: lang === 'ts' ? 'ts' : 'wasm',
    description: `Refuses calls under denyPath and stamps responses with a header.`,
    priority: 1000,
    phases: ['request', 'response'],
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        denyPath: { type: 'string', pattern: '^/', default: '/admin', description: 'Calls under this path are refused.' },
        header: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", default: `x-${name}`, description: 'Response header to stamp.' },
      },
    },
    ...(lang === 'as' ? { limits: { timeoutMs: 50, memoryMiB: 8 } } : {}),
  }, null, 2)}\n`;
}

function tsPlugin(name: string): string {
  return `/**
 * ${name}: refuses calls under \`denyPath\` and stamps responses with \`header\`.
 *
 * \`gantry plugin build\` turns this file into plugin.js, a self-contained ES module: a node imports
 * it on its own, so import only types from the SDK (they are erased) and nothing at run time.
 */
import type { Exchange, PluginContext, PluginInstance, Reply, ResponseView } from 'gantry-sdk';

interface Config {
  readonly denyPath: string;
  readonly header: string;
}

export default {
  name: '${name}',
  version: '0.1.0',
  priority: 1000,
  create(config: Config, context: PluginContext): PluginInstance {
    return {
      onRequest(exchange: Exchange): Reply | undefined {
        if (!exchange.path.startsWith(config.denyPath)) return undefined;
        context.log.info(\`refused \${exchange.path}\`);
        return { kind: 'reply', code: 'AccessControlForbidden' };
      },
      onResponse(_exchange: Exchange, response: ResponseView): void {
        response.headers[config.header] = '${name}';
      },
    };
  },
};
`;
}

function asPlugin(name: string): string {
  return `// ${name}: refuses calls under \`denyPath\` and stamps responses with \`header\`.
// Built by \`gantry plugin build\` with the Gantry AssemblyScript PDK (import "gantry").
import { Decision, Level, Request, Response, ResultCode, config, log, runRequest, runResponse } from "gantry";

export function on_request(): i32 {
  return runRequest(onRequest);
}

export function on_response(): i32 {
  return runResponse(onResponse);
}

function onRequest(request: Request): Decision {
  const denyPath = config().get("denyPath");
  if (denyPath === null || !request.path.startsWith(denyPath.asString())) return Decision.continue();
  log(Level.Info, "refused " + request.path);
  return Decision.reply(ResultCode.AccessControlForbidden);
}

function onResponse(_request: Request, _response: Response): Decision {
  const header = config().get("header");
  return Decision.continue().setHeader(header === null ? "x-${name}" : header.asString(), "${name}");
}
`;
}

function fixtures(name: string): string {
  return `${JSON.stringify({
    config: { denyPath: '/admin' },
    cases: [
      {
        name: 'refuses a call under denyPath',
        request: { method: 'GET', path: '/admin/users' },
        expect: { reply: { code: 'AccessControlForbidden', status: 403 } },
      },
      {
        name: 'lets other calls through and stamps the response',
        request: { method: 'GET', path: '/shop/items', headers: { accept: 'application/json' } },
        response: { status: 200, headers: { 'content-type': 'application/json' } },
        expect: {
          forwarded: { path: '/shop/items', headers: { accept: 'application/json' } },
          response: { status: 200, headers: { [`x-${name}`]: name, 'content-type': 'application/json' } },
        },
      },
    ],
  }, null, 2)}\n`;
}

function readme(name: string, lang: Lang): string {
  const code = lang === 'ts' ? '`plugin.ts` (built to `plugin.js`)' : '`assembly/index.ts` (built to `plugin.wasm`, AssemblyScript)';
  return `# ${name}

A Gantry plugin: ${code}. It refuses calls under \`denyPath\` (result 8101, HTTP 403) and stamps
responses with the header \`header\`.

- \`gantry plugin build .\` — builds it.
- \`gantry plugin test .\` — builds it and runs \`plugin.test.json\` (config, then cases: a request,
  optionally a response head, and what to expect) without a gateway.
- \`gantry plugin publish .\` — stores it in the registry (see \`gantry plugin --help\`).
${lang === 'as' ? '\nThe filter ABI and the PDK are described in the Gantry sources: `sdk/ABI.md`, `sdk/as-pdk/README.md`.\n' : '\nThe plugin API is described in the Gantry sources: `sdk/plugin/plugin.ts`, `sdk/testing/README.md`.\n'}`;
}

/** Files of the scaffold, by path relative to the plugin folder. */
function scaffold(name: string, lang: Lang): Record<string, string> {
  const files: Record<string, string> = {
    'gantry-plugin.json': manifest(name, lang),
    'plugin.test.json': fixtures(name),
    'README.md': readme(name, lang),
  };
  if (lang === 'as') {
    files[join('assembly', 'index.ts')] = asPlugin(name);
    // For editors only; the build passes its own options.
    files[join('assembly', 'tsconfig.json')] = `${JSON.stringify({ extends: `${gantryRoot()}/node_modules/assemblyscript/std/assembly.json`, include: ['./**/*.ts'] }, null, 2)}\n`;
  } else {
    files['plugin.ts'] = tsPlugin(name);
    // `type: module` so the built plugin.js loads as an ES module; the paths entry lets editors and tsc find the SDK types.
    files['package.json'] = `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`;
    files['tsconfig.json'] = `${JSON.stringify({
      compilerOptions: {
        strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: true,
        typeRoots: [`${gantryRoot()}/node_modules/@types`], types: ['node'], paths: { 'gantry-sdk': [`${gantryRoot()}/sdk/index.ts`] },
      },
      include: ['plugin.ts'],
    }, null, 2)}\n`;
  }
  return files;
}

/** Runs `gantry plugin new`. */
export async function runNewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbLine(args, { lang: { type: 'string' }, dir: { type: 'string' } }, 1);
  const name = positionals[0];
  if (name === undefined) throw new UsageError('plugin new needs a NAME');
  if (!NAME.test(name)) throw new UsageError(`plugin name "${name}" must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit`);
  const lang = stringFlag(values.lang);
  if (lang !== 'ts' && lang !== 'as') throw new UsageError('plugin new needs --lang ts or --lang as');
  const dir = resolve(stringFlag(values.dir) ?? name);
  if (existsSync(join(dir, 'gantry-plugin.json'))) throw new CliError(`${dir} already holds a plugin; new never overwrites one`);
  const files = scaffold(name, lang);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text, { flag: 'wx' });
  }
  process.stdout.write(`created ${lang === 'ts' ? 'TypeScript' : 'AssemblyScript'} plugin ${name} in ${dir}:\n${Object.keys(files).map((f) => `  ${f}\n`).join('')}next: gantry plugin build ${dir} && gantry plugin test ${dir}\n`);
  return 0;
}
