/**
 * `gantry plugin test [DIR]`: builds the plugin in DIR, then runs the cases of its
 * `plugin.test.json` against it without a gateway — through the same test host as the SDK's
 * (config validated as a node validates it) and, for WASM, the same sandboxed runtime as a node.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { isGantryError } from '../../../core/pipeline/gantry-error.js';
import { ResultCodes, type ResultCodeName } from '../../../core/pipeline/result-codes.js';
import { checkPluginConfig } from '../../../core/snapshot/plugin-config.js';
import type { HeaderMap } from '../../../sdk/plugin/exchange.js';
import type { Reply } from '../../../sdk/plugin/reply.js';
import { createTestHost, PluginConfigError, type TestHost } from '../../../sdk/testing/index.js';
import { CliError, parseVerbLine } from '../cli-args.js';
import { buildPlugin, loadBuiltPlugin } from './build-command.js';

export const testUsage = `gantry plugin test [DIR]
  Builds the plugin in DIR (default: the current directory) and runs the cases of its
  plugin.test.json without a gateway; exits 1 if a case fails.`;

export const FIXTURE_FILE = 'plugin.test.json';

/** Expected headers: a value to equal (a list as "a, b"), or null for "absent". */
const ExpectedHeaders = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]));

const CaseSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  request: Type.Optional(Type.Object({
    method: Type.Optional(Type.String()),
    path: Type.Optional(Type.String({ pattern: '^/' })),
    query: Type.Optional(Type.String()),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.String()),
  }, { additionalProperties: false })),
  response: Type.Optional(Type.Object({
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  }, { additionalProperties: false })),
  expect: Type.Object({
    reply: Type.Optional(Type.Object({
      code: Type.Optional(Type.String()),
      status: Type.Optional(Type.Integer()),
      headers: Type.Optional(ExpectedHeaders),
      body: Type.Optional(Type.String()),
    }, { additionalProperties: false })),
    forwarded: Type.Optional(Type.Object({
      method: Type.Optional(Type.String()),
      path: Type.Optional(Type.String()),
      query: Type.Optional(Type.String()),
      headers: Type.Optional(ExpectedHeaders),
    }, { additionalProperties: false })),
    response: Type.Optional(Type.Object({
      status: Type.Optional(Type.Integer()),
      headers: Type.Optional(ExpectedHeaders),
    }, { additionalProperties: false })),
    failure: Type.Optional(Type.Integer({ description: 'The call fails with this result code (e.g. 7777).' })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

const FixtureSchema = Type.Object({
  config: Type.Optional(Type.Unknown()),
  switches: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  cases: Type.Array(CaseSchema, { minItems: 1 }),
}, { additionalProperties: false });

type Fixture = Static<typeof FixtureSchema>;
type Case = Static<typeof CaseSchema>;

async function readFixtures(dir: string): Promise<Fixture> {
  const path = join(dir, FIXTURE_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = checkPluginConfig(FixtureSchema, json, FIXTURE_FILE);
  if (!checked.ok) throw new CliError(checked.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
  return checked.config as Fixture;
}

function headerText(headers: HeaderMap | Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  const value = headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function compareHeaders(what: string, actual: HeaderMap | Readonly<Record<string, string>> | undefined, expected: Readonly<Record<string, string | null>> | undefined, problems: string[]): void {
  for (const [name, wanted] of Object.entries(expected ?? {})) {
    const got = headerText(actual, name);
    if (wanted === null && got !== undefined) problems.push(`${what} header ${name} is "${got}", expected absent`);
    if (wanted !== null && got !== wanted) problems.push(`${what} header ${name} is ${got === undefined ? 'absent' : `"${got}"`}, expected "${wanted}"`);
  }
}

function compareReply(reply: Reply | undefined, expected: NonNullable<Case['expect']['reply']>, problems: string[]): void {
  if (reply === undefined) {
    problems.push(`the call went on; expected a reply${expected.code === undefined ? '' : ` ${expected.code}`}`);
    return;
  }
  if (expected.code !== undefined && reply.code !== expected.code) problems.push(`replied ${reply.code}, expected ${expected.code}`);
  const status = reply.status ?? ResultCodes[reply.code as ResultCodeName].httpStatus;
  if (expected.status !== undefined && status !== expected.status) problems.push(`reply status ${status}, expected ${expected.status}`);
  compareHeaders('reply', reply.headers, expected.headers, problems);
  const body = reply.body === undefined ? undefined : Buffer.from(reply.body).toString('utf8');
  if (expected.body !== undefined && body !== expected.body) problems.push(`reply body ${JSON.stringify(body)}, expected ${JSON.stringify(expected.body)}`);
}

/** Runs one case; returns what differs from its expectation (empty when it passes). */
async function runCase(host: TestHost, testCase: Case): Promise<string[]> {
  const problems: string[] = [];
  const { request = {}, expect } = testCase;
  try {
    const { body, ...head } = request;
    const { exchange, reply } = await host.request({ ...head, ...(body === undefined ? {} : { body: Buffer.from(body) }) });
    if (expect.reply !== undefined) compareReply(reply, expect.reply, problems);
    else if (reply !== undefined) problems.push(`replied ${reply.code}; expected the call to go on`);
    const forwarded = expect.forwarded;
    if (forwarded !== undefined) {
      for (const field of ['method', 'path', 'query'] as const) {
        if (forwarded[field] !== undefined && exchange[field] !== forwarded[field]) problems.push(`forwarded ${field} "${exchange[field]}", expected "${forwarded[field]}"`);
      }
      compareHeaders('forwarded', exchange.headers, forwarded.headers, problems);
    }
    if (testCase.response !== undefined && reply === undefined) {
      const outcome = await host.response(exchange, testCase.response);
      if (outcome.reply !== undefined) problems.push(`the response phase replied ${outcome.reply.code}`);
      if (expect.response?.status !== undefined && outcome.response.status !== expect.response.status) problems.push(`response status ${outcome.response.status}, expected ${expect.response.status}`);
      compareHeaders('response', outcome.response.headers, expect.response?.headers, problems);
    }
    if (expect.failure !== undefined) problems.push(`the call succeeded; expected it to fail with ${expect.failure}`);
  } catch (error) {
    const code = isGantryError(error) ? error.code : undefined;
    if (expect.failure === undefined || code !== expect.failure) {
      problems.push(`the plugin failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Runs `gantry plugin test`. */
export async function runTestCommand(args: string[]): Promise<number> {
  const { positionals } = parseVerbLine(args, {}, 1);
  const dir = resolve(positionals[0] ?? '.');
  const fixtures = await readFixtures(dir);
  const built = await buildPlugin(dir);
  const definition = await loadBuiltPlugin(built);
  let host: TestHost;
  try {
    host = await createTestHost(definition, fixtures.config ?? {}, { switches: fixtures.switches ?? {} });
  } catch (error) {
    if (error instanceof PluginConfigError) throw new CliError(`${FIXTURE_FILE}: ${error.message}`);
    throw error;
  }
  let failed = 0;
  try {
    for (const testCase of fixtures.cases) {
      const problems = await runCase(host, testCase);
      if (problems.length > 0) failed += 1;
      process.stdout.write(problems.length === 0 ? `ok    ${testCase.name}\n` : `FAIL  ${testCase.name}\n${problems.map((p) => `      ${p}\n`).join('')}`);
    }
  } finally {
    await host.close();
  }
  const label = `${built.manifest.name}@${built.manifest.version}`;
  process.stdout.write(`${label}: ${fixtures.cases.length - failed} of ${fixtures.cases.length} cases passed\n`);
  return failed === 0 ? 0 : 1;
}
