/**
 * Streams one stack as a `pulumi stack export` document (deployment version 3). The envelope is
 * indented like the CLI's output; each resource is one compact line, so a million-resource export
 * stays greppable and is written without ever holding the document in memory: resources are
 * serialised one by one into ~1 MiB chunks and each chunk waits for the stream to drain.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { GeneratedResource, StackContext } from './model.ts';

export const PULUMI_VERSION = 'v3.248.0';
export const AWS_PROVIDER_VERSION = '7.48.0';
const CHUNK_CHARS = 1 << 20;
const RESOURCE_INDENT = '            ';

export interface StackWriteResult {
  bytes: number;
}

export interface StackStream {
  /** Appends one resource; resolves once the stream accepts more. */
  add(resource: GeneratedResource, created: string, modified: string, line: number): Promise<void>;
  close(): Promise<StackWriteResult>;
}

/** Opens the file and writes the envelope, the stack root and the default aws provider. */
export async function openStack(path: string, ctx: StackContext, firstDeploy: string, lastDeploy: string): Promise<StackStream> {
  const stream = createWriteStream(path, { highWaterMark: 4 << 20 });
  const failed = once(stream, 'error').then(([error]) => {
    throw new Error(`cannot write ${path}: ${(error as Error).message}`);
  });
  failed.catch(() => {});
  const stackUrn = `${ctx.urnPrefix}pulumi:pulumi:Stack::${ctx.project}-${ctx.stack}`;
  const providerUrn = `${ctx.urnPrefix}pulumi:providers:aws::default_${AWS_PROVIDER_VERSION.replaceAll('.', '_')}`;
  const providerId = ctx.rng.uuid();
  const providerRef = `${providerUrn}::${providerId}`;
  const providerInputs = {
    __internal: {},
    region: ctx.region,
    skipCredentialsValidation: 'false',
    skipMetadataApiCheck: 'true',
    skipRegionValidation: 'true',
    version: AWS_PROVIDER_VERSION,
  };
  const root = { urn: stackUrn, custom: false, type: 'pulumi:pulumi:Stack', outputs: {}, created: firstDeploy, modified: lastDeploy };
  const provider = {
    urn: providerUrn,
    custom: true,
    id: providerId,
    type: 'pulumi:providers:aws',
    inputs: providerInputs,
    outputs: providerInputs,
    created: firstDeploy,
    modified: firstDeploy,
  };
  const manifest = { time: lastDeploy, magic: createHash('sha256').update(PULUMI_VERSION).digest('hex'), version: PULUMI_VERSION };
  const secretsProviders = { type: 'service', state: { owner: 'acme', project: ctx.project, stack: ctx.stack, url: 'https://api.pulumi.com' } };

  let buffer =
    '{\n    "version": 3,\n    "deployment": {\n' +
    `        "manifest": ${JSON.stringify(manifest)},\n` +
    `        "secrets_providers": ${JSON.stringify(secretsProviders)},\n` +
    '        "resources": [\n' +
    RESOURCE_INDENT + JSON.stringify(root) + ',\n' +
    RESOURCE_INDENT + JSON.stringify(provider);

  async function flush(): Promise<void> {
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  }

  return {
    async add(resource, created, modified, line) {
      const record: Record<string, unknown> = {
        urn: `${ctx.urnPrefix}${resource.type}::${resource.name}`,
        custom: true,
        id: resource.id,
        type: resource.type,
        inputs: resource.inputs,
        outputs: resource.outputs,
        parent: stackUrn,
      };
      const deps = resource.propertyDependencies;
      if (deps) record.dependencies = [...new Set(Object.values(deps).flat())];
      record.provider = providerRef;
      if (deps) record.propertyDependencies = deps;
      record.created = created;
      record.modified = modified;
      record.sourcePosition = `project:///index.ts#${line},5`;
      buffer += ',\n' + RESOURCE_INDENT + JSON.stringify(record);
      if (buffer.length >= CHUNK_CHARS) await flush();
    },
    async close() {
      buffer += '\n        ],\n        "metadata": {}\n    }\n}\n';
      await flush();
      const closed = once(stream, 'close');
      stream.end();
      await Promise.race([closed, failed]);
      return { bytes: stream.bytesWritten };
    },
  };
}
