/**
 * Subjects of node status, all under one root (`gantry` in production; tests use their own root so
 * parallel suites never see each other's nodes):
 *
 * - `<root>.node.<id>.status` — heartbeats (core publish)
 * - `<root>.node.<id>.cmd`    — commands to one node (request/reply)
 * - `<root>.nodes.ping`       — every node answers with its status (request, many replies)
 */

/** Where node-status subjects live. */
export interface StatusSubjectOptions {
  /** First token(s) of every node-status subject. */
  subjectRoot: string;
}

/** The production root. */
export const DEFAULT_STATUS_SUBJECT_ROOT = 'gantry';

const NODE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Throws a RangeError unless `nodeId` can be one subject token. Why not escape: a node id appears in
 * subjects, logs and CLI arguments, and one spelling everywhere is worth the rule (no dots: use
 * `gw-1`, not a dotted host name).
 */
export function checkNodeId(nodeId: string): void {
  if (!NODE_ID.test(nodeId)) {
    throw new RangeError(`node id "${nodeId}" must be letters, digits, '-' or '_' (it is a subject token)`);
  }
}

/** `<root>.node.<id>.status`: where a node publishes its heartbeats. */
export function nodeStatusSubject(nodeId: string, root: string = DEFAULT_STATUS_SUBJECT_ROOT): string {
  checkNodeId(nodeId);
  return `${root}.node.${nodeId}.status`;
}

/** `<root>.node.<id>.cmd`: where a node answers commands. */
export function nodeCommandSubject(nodeId: string, root: string = DEFAULT_STATUS_SUBJECT_ROOT): string {
  checkNodeId(nodeId);
  return `${root}.node.${nodeId}.cmd`;
}

/** `<root>.node.*.status`: every node's heartbeats. */
export function nodeStatusWildcard(root: string = DEFAULT_STATUS_SUBJECT_ROOT): string {
  return `${root}.node.*.status`;
}

/** `<root>.nodes.ping`: a request every node answers with its status. */
export function nodesPingSubject(root: string = DEFAULT_STATUS_SUBJECT_ROOT): string {
  return `${root}.nodes.ping`;
}
