/**
 * Where a protobuf `sofarpc` backend's message types come from: a `.proto` file on the node, the
 * `.proto` text inline in the config, or a serialized FileDescriptorSet inline in base64. The inline
 * forms travel with the config (over NATS too), so every node of a cluster has the same types
 * without a file to deploy beside it. All three give protobufjs's usual field names (lowerCamelCase,
 * protobuf's JSON mapping), so the JSON of a call does not depend on how its types were supplied.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import protobuf from 'protobufjs';
// Installs Root.fromDescriptor (and its types) on protobufjs.
import 'protobufjs/ext/descriptor.js';
import type { RpcProtoConfig } from '../config/types.js';

/** One supplied set of message types: a key naming its content, the config field, and how to load it. */
export interface ProtoSource {
  /** Same key, same types: a file by path and modification time, inline text by its hash. */
  readonly key: string;
  /** The `proto` field that supplied it, for issue paths. */
  readonly field: 'file' | 'source' | 'descriptorSet';
  /** What to call it in a message (a path, or "inline .proto text"). */
  readonly label: string;
  load(): Promise<protobuf.Root>;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// One ProtoSource per (frozen) config block: a compile asks twice — to load, then to build the
// invoker — and hashing an inline descriptor set of megabytes once is enough.
const sources = new WeakMap<RpcProtoConfig, ProtoSource>();

/** The source a backend's `proto` names (the config check has made sure it names exactly one). */
export function protoSourceOf(proto: RpcProtoConfig): ProtoSource {
  let known = sources.get(proto);
  if (known === undefined) {
    known = describeSource(proto);
    sources.set(proto, known);
  }
  return known;
}

function describeSource(proto: RpcProtoConfig): ProtoSource {
  const { file, source, descriptorSet } = proto;
  if (source !== undefined) {
    return { key: `source:${digest(source)}`, field: 'source', label: 'inline .proto text', load: async () => protobuf.parse(source).root };
  }
  if (descriptorSet !== undefined) {
    return {
      key: `descriptor:${digest(descriptorSet)}`,
      field: 'descriptorSet',
      label: 'inline descriptor set',
      load: async () => protobuf.Root.fromDescriptor(Buffer.from(descriptorSet, 'base64')),
    };
  }
  const path = file ?? '';
  return { key: `file:${path}`, field: 'file', label: path, load: () => protobuf.load(path) };
}

/** The lease key of a source's loaded types: a file is reloaded when it changes on disk. */
export function protoLeaseKey(source: ProtoSource): string {
  return source.field === 'file' ? `proto:${source.key}:${statSync(source.label).mtimeMs}` : `proto:${source.key}`;
}
