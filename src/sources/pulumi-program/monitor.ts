/**
 * Captures registrations by wrapping the installed MockMonitor's `registerResource` and
 * `readResource`. The monitor is the one place that sees the whole RegisterResourceRequest
 * (parent, provider reference, source position, raw inputs with secret envelopes) as well as the
 * urn and id it answers with; the `newResource` mock only gets type, name and deserialized inputs.
 * `pulumi.runtime.getMonitor()` returns the instance `setMocks` installed, so no internals are
 * patched beyond that object.
 */
import { fileURLToPath } from 'node:url';
import { relative, sep } from 'node:path';
import type { CapturedResource } from './types.ts';
import { propsFromWire } from './wire.ts';

interface ProtoStruct {
  toJavaScript(): unknown;
}

interface ProtoSourcePosition {
  getUri(): string;
  getLine(): number;
  getColumn(): number;
}

/** The getters of pulumirpc.RegisterResourceRequest / ReadResourceRequest this module reads. */
interface ResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom?(): boolean;
  /** ReadResourceRequest only: the id being read. */
  getId?(): string;
  getObject?(): ProtoStruct | undefined;
  getProperties?(): ProtoStruct | undefined;
  getSourceposition?(): ProtoSourcePosition | undefined;
  getDependenciesList?(): string[];
  getPropertydependenciesMap?(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getStacktrace?(): { getFramesList(): { getPc(): ProtoSourcePosition | undefined }[] } | undefined;
}

interface ResourceResponse {
  getUrn(): string;
  getId?(): string;
  getObject?(): ProtoStruct | undefined;
  getProperties?(): ProtoStruct | undefined;
}

type Callback = (error: unknown, response: ResourceResponse | undefined) => void;

export interface CapturableMonitor {
  registerResource(request: ResourceRequest, callback: Callback): unknown;
  readResource(request: ResourceRequest, callback: Callback): unknown;
}

/** file:// URL of a stack frame → path relative to the program directory, with `/` separators. */
export function programRelativePath(uri: string, dir: string): string {
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  return relative(dir, file).split(sep).join('/');
}

function isProgramFile(path: string): boolean {
  return !path.startsWith('../') && !path.startsWith('/') && !path.split('/').includes('node_modules');
}

/**
 * Where the resource is declared. The SDK's sourcePosition is a fixed number of frames above the
 * Resource constructor, which lands inside @pulumi/aws for providers and `Resource.get()`; the
 * first frame of the request's stack trace inside the program is the line a fix has to edit.
 */
function sourceOf(request: ResourceRequest, dir: string): CapturedResource['source'] {
  const frames = request.getStacktrace?.()?.getFramesList() ?? [];
  const positions = [request.getSourceposition?.(), ...frames.map((frame) => frame.getPc())];
  let fallback: CapturedResource['source'];
  for (const position of positions) {
    const uri = position?.getUri();
    if (!position || !uri) continue;
    const source = { path: programRelativePath(uri, dir), line: position.getLine(), column: position.getColumn() };
    if (isProgramFile(source.path)) return source;
    fallback ??= source;
  }
  return fallback;
}

/** What the SDK told the engine this resource depends on, overall and per input property. */
function dependenciesOf(request: ResourceRequest): Pick<CapturedResource, 'dependencies' | 'propertyDependencies'> {
  const dependencies = request.getDependenciesList?.() ?? [];
  const propertyDependencies: Record<string, string[]> = {};
  request.getPropertydependenciesMap?.()?.forEach((value, key) => {
    const urns = value.getUrnsList();
    if (urns.length > 0) propertyDependencies[key] = urns;
  });
  return {
    dependencies: dependencies.length > 0 ? dependencies : undefined,
    propertyDependencies: Object.keys(propertyDependencies).length > 0 ? propertyDependencies : undefined,
  };
}

/**
 * Installs the hooks and returns the list they fill, in the order the engine answered. Failed
 * registrations are not recorded: the program sees the error and the run fails.
 */
export function captureRegistrations(monitor: CapturableMonitor, dir: string): CapturedResource[] {
  const captured: CapturedResource[] = [];
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);

  function record(request: ResourceRequest, response: ResourceResponse, external: boolean): void {
    const custom = external || request.getCustom?.() !== false;
    const id = response.getId?.() || request.getId?.();
    const inputs = request.getObject?.() ?? request.getProperties?.();
    const outputs = response.getObject?.() ?? response.getProperties?.();
    captured.push({
      urn: response.getUrn(),
      type: request.getType(),
      name: request.getName(),
      custom,
      id: custom && id ? id : undefined,
      parent: request.getParent() || undefined,
      provider: request.getProvider() || undefined,
      inputs: propsFromWire(inputs?.toJavaScript()),
      outputs: propsFromWire(outputs?.toJavaScript()),
      external: external || undefined,
      source: sourceOf(request, dir),
      ...dependenciesOf(request),
    });
  }

  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (!error && response) record(request, response, false);
      callback(error, response);
    });
  monitor.readResource = (request, callback) =>
    read(request, (error, response) => {
      if (!error && response) record(request, response, true);
      callback(error, response);
    });
  return captured;
}
