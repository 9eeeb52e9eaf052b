/**
 * Child-process entry for an offline run: `node --import tsx runner.ts '<RunnerRequest JSON>'`
 * with cwd = the program directory (spawned by capture.ts). One process per run gives every run
 * fresh module caches and fresh @pulumi/pulumi global state.
 *
 * Module resolution: @pulumi/pulumi is loaded with a require() rooted at the program's entry file,
 * which is exactly how the program's own `import "@pulumi/pulumi"` resolves, so setMocks and the
 * program share one instance (a second copy would register resources against an unmocked
 * runtime). When the program folder has no node_modules, both fall back to sweep's own: require()
 * through NODE_PATH, import through resolve-hook.mjs.
 *
 * Results go back over the IPC channel, never stdout, because the program may print anything.
 * Nothing here imports @pulumi/pulumi statically (types only), for the same one-instance reason.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as PulumiModule from '@pulumi/pulumi';
import { packageOfType } from '../pulumi-state/locate.ts';
import { createOfflineMocks, DEFAULT_MOCK_REGION } from './mocks.ts';
import { captureRegistrations, type CapturableMonitor } from './monitor.ts';
import { LOGGED_ERRORS, type CapturedResource, type RunnerMessage, type RunnerRequest } from './types.ts';

type Pulumi = typeof PulumiModule;

let sent = false;

function send(message: RunnerMessage): void {
  if (sent) return;
  sent = true;
  const exitCode = message.ok ? 0 : 1;
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    process.exit(exitCode);
  }
  // Exit once the message is flushed: timers or sockets the program left open must not keep us alive.
  process.send(message, undefined, undefined, () => process.exit(exitCode));
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** Versions name the default providers in the export (`default_7_48_0`), as the engine names them. */
function packageVersions(requireFromProgram: NodeJS.Require, resources: CapturedResource[]): Record<string, string> {
  const versions: Record<string, string> = {};
  const packages = new Set(resources.map((resource) => packageOfType(resource.type)));
  packages.add('pulumi');
  for (const pkg of packages) {
    try {
      const manifest = requireFromProgram(`@pulumi/${pkg}/package.json`) as { version?: unknown };
      if (typeof manifest.version === 'string') versions[pkg] = manifest.version;
    } catch {
      // Not an npm-installed provider (or no package.json export): the default provider stays unversioned.
    }
  }
  return versions;
}

async function run(request: RunnerRequest): Promise<RunnerMessage> {
  const requireFromProgram = createRequire(request.main);
  const pulumi = requireFromProgram('@pulumi/pulumi') as Pulumi;
  pulumi.runtime.setAllConfig(request.config, request.secretKeys);
  const mocks = createOfflineMocks(request.config['aws:region'] ?? DEFAULT_MOCK_REGION);
  await pulumi.runtime.setMocks(mocks, request.project, request.stack, false);
  const monitor = pulumi.runtime.getMonitor() as unknown as CapturableMonitor | undefined;
  if (!monitor) throw new Error('@pulumi/pulumi installed no mock monitor');
  const resources = captureRegistrations(monitor, request.dir);

  const program = (await import(pathToFileURL(request.main).href)) as { default?: unknown };
  // Programs that export a function (`export = async () => …`, or `export default` compiled to
  // CommonJS, where it sits one level down) are called, as the Pulumi language host does.
  let entry = program.default;
  if (typeof entry === 'object' && entry !== null && typeof (entry as { default?: unknown }).default === 'function') {
    entry = (entry as { default: unknown }).default;
  }
  if (typeof entry === 'function') await (entry as () => unknown)();
  await pulumi.runtime.disconnect();
  if (pulumi.log.hasErrors()) return { ok: false, error: LOGGED_ERRORS };
  return { ok: true, resources, packages: packageVersions(requireFromProgram, resources) };
}

process.on('uncaughtException', (error) => send({ ok: false, error: describe(error) }));
process.on('unhandledRejection', (error) => send({ ok: false, error: describe(error) }));

const request = JSON.parse(process.argv[2] ?? '{}') as RunnerRequest;
register(new URL('./resolve-hook.mjs', import.meta.url), { data: { fallbackParentURL: import.meta.url } });
run(request).then(send, (error: unknown) => send({ ok: false, error: describe(error) }));
