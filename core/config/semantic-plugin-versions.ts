/**
 * Semantic rules for how an attachment names its plugin's version: the range after `@` must be one
 * the matcher understands, and a gray release (`versions`) must be complete — every entry a version
 * or range, each label naming exactly one of header or query, some calls left to a weighted entry,
 * and the plugin itself named without `@` (the entries say which versions).
 */
import type { PathSegment } from './config-issue.js';
import { parsePluginRef } from './plugin-ref.js';
import type { ReportIssue } from './semantic-report.js';
import { isSemVer, parseSemVerRange } from './semver.js';
import type { PluginRef } from './types.js';

/** The version fields an API plugin reference and a top-level binding share. */
type VersionedAttachment = Pick<PluginRef, 'versions'>;

/** Checks the reference `ref` at `at` (its field is `field`) and the attachment's `versions`. */
export function checkPluginVersions(ref: string, attachment: VersionedAttachment, at: readonly PathSegment[], field: 'name' | 'plugin', report: ReportIssue): void {
  const parsed = parsePluginRef(ref);
  if ('error' in parsed) {
    report([...at, field], parsed.error);
    return;
  }
  const versions = attachment.versions;
  if (versions === undefined) return;
  if (ref.includes('@')) report([...at, field], 'with `versions`, name the plugin without "@…": the entries of `versions` say which versions run');
  versions.forEach((entry, index) => {
    const where = [...at, 'versions', index];
    if (!isSemVer(entry.version) && parseSemVerRange(entry.version) === undefined) {
      report([...where, 'version'], `"${entry.version}" is not a version or version range (examples: 1.2.3, ^1.2)`);
    }
    const label = entry.when;
    if (label !== undefined && (label.header === undefined) === (label.query === undefined)) {
      report([...where, 'when'], 'name exactly one of `header` or `query`');
    }
  });
  if (!versions.some((entry) => entry.when === undefined && entry.weight > 0)) {
    report([...at, 'versions'], 'no entry without `when` has a weight above 0: calls that no label selects would have no version');
  }
}
