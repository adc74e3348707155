/**
 * The alerting rules and the dashboard's queries, checked by Prometheus' own tool: `promtool check
 * rules` parses every expression, `promtool test rules` runs the unit tests of every alert. promtool
 * comes with Debian's `prometheus` package (.ci/run installs it); without it these tests fail, so a
 * CI run that passes has proven the rules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const alertsDir = join(root, 'ops/alerts');
const scratch = mkdtempSync(join(tmpdir(), 'gantry-promtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** promtool on PATH or where Debian puts it; undefined when missing. */
function findPromtool(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  return dirs.map((dir) => join(dir, 'promtool')).find((path) => existsSync(path));
}

function promtool(args: string[], cwd = alertsDir): { status: number | null; output: string } {
  const binary = findPromtool();
  if (binary === undefined) throw new Error('promtool not found: install Debian\'s `prometheus` package (apt-get install prometheus), as .ci/run does');
  const run = spawnSync(binary, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The dashboard's queries with Grafana's variables replaced by what a user would pick. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(join(root, 'ops/dashboards/gantry.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$job', 'gantry')
    .replaceAll('$instance', '.*')
    .replaceAll('$group', '.*'));
}

describe('promtool', () => {
  it('promtool - check rules accepts every alerting rule', () => {
    const run = promtool(['check', 'rules', 'gantry-rules.yaml']);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('promtool - every alert fires and stays quiet as its unit tests expect', () => {
    const run = promtool(['test', 'rules', 'gantry-rules.test.yaml']);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('promtool - every alert has a unit test', () => {
    const rules = readFileSync(join(alertsDir, 'gantry-rules.yaml'), 'utf8');
    const tests = readFileSync(join(alertsDir, 'gantry-rules.test.yaml'), 'utf8');
    const alerts = [...rules.matchAll(/^\s*- alert: (\S+)$/gm)].map((m) => m[1] as string);
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    for (const alert of alerts) expect(tests, alert).toMatch(new RegExp(`alertname: ${alert}$`, 'm'));
  });

  it('promtool - a wrong expectation makes the unit tests fail (they really evaluate the rules)', () => {
    const wrong = readFileSync(join(alertsDir, 'gantry-rules.test.yaml'), 'utf8')
      .replace('rule_files:\n  - gantry-rules.yaml', `rule_files:\n  - ${join(alertsDir, 'gantry-rules.yaml')}`)
      .replace(/(alertname: GantryNodeDown\n\s+exp_alerts: )\[\]/, '$1[{ exp_labels: { severity: critical, job: gantry, instance: "n1:9901" } }]');
    const path = join(scratch, 'wrong.test.yaml');
    writeFileSync(path, wrong);
    const run = promtool(['test', 'rules', path], scratch);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('GantryNodeDown');
  });

  it('promtool - every dashboard query is valid PromQL', () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    const rules = { groups: [{ name: 'dashboard', rules: expressions.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] };
    const path = join(scratch, 'dashboard-queries.yaml');
    writeFileSync(path, toYaml(rules));
    const run = promtool(['check', 'rules', path], scratch);
    expect(run.output).toContain(`SUCCESS: ${expressions.length} rules found`);
    expect(run.status).toBe(0);
  });
});
