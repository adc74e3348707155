import { collectNodes } from '../../bus/status/collect-nodes.js';
import { withoutReportedWorkers } from '../../bus/status/worker-node-ids.js';
import { durationFlag, parseVerbArgs } from './cli-args.js';
import { nodesTable } from './node-status-text.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat, render } from './output.js';

export const nodesUsage = `gantry nodes [--wait 2.5s] [-o json]
  Lists the nodes that answer on the bus: id, config revision, state (starting, serving, stale,
  draining), snapshot age, version and plugins loaded, then any refused revision with its reason.
  Nodes answer a ping at once; --wait bounds the listening when none does. A node run with
  --workers N shows its workers on its own row (their bus ids <node>-w<slot> are not listed again).
${natsFlagsUsage}`;

/** Shows the fleet. */
export async function nodesCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { wait: { type: 'string' }, ...outputFlagOption, ...natsFlagOptions });
  const format = outputFormat(flags.output);
  const waitMs = durationFlag(flags.wait, '--wait', 2500);
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    const nodes = withoutReportedWorkers(await collectNodes(nc, { subjectRoot: targets.subjectRoot, waitMs }));
    process.stdout.write(render(format, nodes, () => (nodes.length === 0 ? 'no node answered\n' : nodesTable(nodes))));
    return 0;
  });
}
