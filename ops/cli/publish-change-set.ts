/**
 * The write path shared by `apply`, `delete` and `rollback`: check the next document as a node
 * would, show what changes against the committed state, write the change set, audit it, and
 * optionally wait for the fleet. One path, so the three verbs cannot drift apart.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';
import type { AuditKind } from '../../bus/audit/audit-kinds.js';
import type { ChangeSetKind } from '../../bus/config/change-set-records.js';
import { documentToEntries } from '../../bus/config/config-entries.js';
import { diffEntries, isEmptyDiff } from '../../bus/config/config-diff.js';
import { ConfigPlaneError } from '../../bus/config/config-plane-error.js';
import { commitChangeSet, type ChangeSetPlan, type ChangeSetResult } from '../../bus/config/write-change-set.js';
import type { CommittedState } from '../../bus/config/committed-state.js';
import { formatIssues } from '../../core/config/config-issue.js';
import { CliError } from './cli-args.js';
import { recordAuditEvent } from './config-audit.js';
import { findConfigBucket, openConfigBucket, readCommitted } from './config-bucket-access.js';
import { checkConfigDocument } from './config-check.js';
import { registryCatalog } from './plugin/registry-catalog.js';
import { describeDiff, diffToJson } from './diff-text.js';
import { cliActor, withBus, type NatsTargets } from './nats-flags.js';
import { renderJson, type OutputFormat } from './output.js';
import { describeWait, waitForRevision, waitSucceeded, waitToJson } from './wait-for-nodes.js';

/** One write, as a verb asks for it. */
export interface ChangeSetRequest {
  /** The whole next document. */
  readonly document: unknown;
  /** Where it came from, in front of every issue line (`app.yaml`, `delete cluster echo`). */
  readonly origin: string;
  readonly kind: ChangeSetKind;
  readonly reason: string;
  readonly dryRun: boolean;
  /** Compile with this CLI's plugin catalog before writing (false: schema and references only). */
  readonly pluginCheck: boolean;
  /** Wait for the fleet this long after the commit; undefined: do not wait. */
  readonly waitMs: number | undefined;
  readonly output: OutputFormat;
  /**
   * The revision `document` was derived from (`delete` edits the committed document): the write is
   * refused if another commit landed since, instead of silently undoing it. Undefined: no check.
   */
  readonly basisRevision?: number;
  /** The audit event recorded for the commit. */
  readonly audit: { readonly kind: AuditKind; readonly key: string; readonly details?: Record<string, unknown> };
}

function plannedChange(current: CommittedState | undefined, document: unknown): ChangeSetPlan {
  let entries: ReadonlyMap<string, unknown>;
  try {
    entries = documentToEntries(document);
  } catch (error) {
    if (error instanceof ConfigPlaneError) throw new CliError(error.message);
    throw error;
  }
  return {
    parentRevision: current?.revision ?? 0,
    parentManifest: current?.manifest ?? {},
    entries,
    diff: diffEntries(current?.entries ?? new Map(), entries),
  };
}

/** Old and new values of the keys a change touches, for the audit event. */
function valuesOf(keys: readonly string[], entries: ReadonlyMap<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, entries.get(key)]));
}

async function commit(kv: KV, plan: ChangeSetPlan, request: ChangeSetRequest, targets: NatsTargets): Promise<ChangeSetResult> {
  try {
    return await commitChangeSet(kv, plan, { actor: cliActor(targets), reason: request.reason, kind: request.kind });
  } catch (error) {
    if (error instanceof ConfigPlaneError) throw new CliError(error.message);
    throw error;
  }
}

async function auditCommit(nc: NatsConnection, targets: NatsTargets, request: ChangeSetRequest, plan: ChangeSetPlan, before: ReadonlyMap<string, unknown>, result: ChangeSetResult): Promise<string | undefined> {
  const { added, changed, removed } = plan.diff;
  const delivery = await recordAuditEvent(nc, targets, {
    kind: request.audit.kind,
    actor: cliActor(targets),
    key: request.audit.key,
    reason: request.reason === '' ? undefined : request.reason,
    revision: result.revision,
    old: { revision: plan.parentRevision, entries: valuesOf([...changed, ...removed], before) },
    new: { revision: result.revision, added, changed, removed, entries: valuesOf([...added, ...changed], plan.entries), ...request.audit.details },
  });
  return delivery.stored ? undefined : delivery.error;
}

/** Runs a write end to end; resolves with the exit code (0 done, 1 refused or not confirmed). */
export async function publishChangeSet(targets: NatsTargets, request: ChangeSetRequest): Promise<number> {
  // Registry plugins count as known: their manifests' schemas check the bindings' configs.
  const catalog = request.pluginCheck ? await registryCatalog(targets) : undefined;
  const checked = await checkConfigDocument(request.document, { compile: request.pluginCheck, ...(catalog === undefined ? {} : { catalog }) });
  if (!checked.ok) {
    process.stderr.write(`${formatIssues(request.origin, checked.issues)}\n`);
    return 1;
  }
  return withBus(targets, async (nc) => {
    const kv = request.dryRun ? await findConfigBucket(nc, targets.bucket) : await openConfigBucket(nc, targets.bucket, true);
    const current = kv === undefined ? undefined : await readCommitted(kv);
    if (request.basisRevision !== undefined && (current?.revision ?? 0) !== request.basisRevision) {
      throw new CliError(`another change was committed first (revision ${current?.revision ?? 0}); re-run`);
    }
    const plan = plannedChange(current, request.document);
    const json: Record<string, unknown> = { bucket: targets.bucket, parentRevision: plan.parentRevision, diff: diffToJson(plan.diff), dryRun: request.dryRun };
    const say = (text: string): void => { if (request.output === 'table') process.stdout.write(text); };
    say(describeDiff(plan.diff, plan.parentRevision));
    if (request.dryRun || kv === undefined) {
      say('dry run: nothing written\n');
      if (request.output !== 'table') process.stdout.write(renderJson({ ...json, committed: false }));
      return 0;
    }
    let revision = plan.parentRevision;
    if (isEmptyDiff(plan.diff)) {
      say(`no change: revision ${revision} already holds this config\n`);
      json.committed = false;
    } else {
      const result = await commit(kv, plan, request, targets);
      revision = result.revision;
      const auditProblem = await auditCommit(nc, targets, request, plan, current?.entries ?? new Map(), result);
      if (auditProblem !== undefined) process.stderr.write(`gantry: warning: ${auditProblem}\n`);
      say(`revision ${revision} committed (${request.kind}, change set ${result.changeSetId ?? '-'})\n`);
      Object.assign(json, { committed: true, changeSetId: result.changeSetId, audited: auditProblem === undefined });
    }
    json.revision = revision;
    let code = 0;
    if (request.waitMs !== undefined && revision > 0) {
      const outcome = await waitForRevision(nc, revision, { timeoutMs: request.waitMs, subjectRoot: targets.subjectRoot });
      say(describeWait(outcome, request.waitMs));
      json.wait = waitToJson(outcome);
      code = waitSucceeded(outcome) ? 0 : 1;
    }
    if (request.output !== 'table') process.stdout.write(renderJson(json));
    return code;
  });
}
