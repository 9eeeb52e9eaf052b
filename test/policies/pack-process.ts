/**
 * Starts policies/pack the way the Pulumi CLI does and talks to it over Pulumi's analyzer gRPC
 * protocol, with the same @grpc/grpc-js and generated protobuf classes the pack's server uses.
 *
 * The CLI (sdk/go/common/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer) starts a nodejs
 * pack through the `pulumi-analyzer-policy` shim: in the pack's directory it resolves
 * `@pulumi/pulumi/cmd/run-policy-pack` with `node -e require.resolve(...)`, then runs
 * `node <that> <engine-address> .` with PULUMI_PROJECT / PULUMI_STACK / PULUMI_DRY_RUN (and the
 * PULUMI_NODEJS_* twins) in the environment, reads the port from the first stdout line and dials
 * 127.0.0.1:<port>. run-policy-pack drops the engine address, so a placeholder stands in for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const PACK_DIR = fileURLToPath(new URL('../../policies/pack/', import.meta.url));

const fromPack = createRequire(`${PACK_DIR}package.json`);
const fromPulumi = createRequire(fromPack.resolve('@pulumi/pulumi/package.json'));
const fromPolicy = createRequire(fromPack.resolve('@pulumi/policy'));

// The generated protobuf classes are loaded untyped: the wrappers below give them types.
const grpc: any = fromPolicy('@grpc/grpc-js');
const rpc: any = fromPulumi('./proto/analyzer_grpc_pb.js');
export const proto: any = fromPulumi('./proto/analyzer_pb.js');
const { Struct }: any = fromPulumi('google-protobuf/google/protobuf/struct_pb.js');
const { Empty }: any = fromPulumi('google-protobuf/google/protobuf/empty_pb.js');

const ENGINE_ADDRESS = '127.0.0.1:0';

/** How the engine marks a secret value on the wire (@pulumi/pulumi runtime/rpc.ts). */
export const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

export interface PackProcess {
  child: ChildProcess;
  /** The port the pack printed, once it has. */
  port: Promise<number>;
  /** Everything the pack wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startPack(env: Record<string, string> = {}): PackProcess {
  const runner = fromPack.resolve('@pulumi/pulumi/cmd/run-policy-pack');
  const child = spawn(process.execPath, [runner, ENGINE_ADDRESS, '.'], {
    cwd: PACK_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PULUMI_PROJECT: 'acme-payments',
      PULUMI_STACK: 'dev',
      PULUMI_DRY_RUN: 'true',
      PULUMI_NODEJS_PROJECT: 'acme-payments',
      PULUMI_NODEJS_STACK: 'dev',
      PULUMI_NODEJS_DRY_RUN: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const line = /^(.*)\n/.exec(stdout)?.[1];
      if (line !== undefined) {
        if (/^\d+$/.test(line.trim())) resolve(Number(line.trim()));
        else reject(new Error(`pack printed "${line}" before its port`));
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`pack exited (${code ?? signal}) before printing a port: ${stderr}`)));
  });
  port.catch(() => {});
  return { child, port, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Pulumi's enforcement levels as the wire enum names them. */
export function enforcementName(level: number): string {
  const names: Record<number, string> = {
    [proto.EnforcementLevel.ADVISORY]: 'advisory',
    [proto.EnforcementLevel.MANDATORY]: 'mandatory',
    [proto.EnforcementLevel.REMEDIATE]: 'remediate',
    [proto.EnforcementLevel.DISABLED]: 'disabled',
  };
  return names[level] ?? `unknown(${level})`;
}

export function severityName(severity: number): string {
  const names: Record<number, string> = {
    [proto.PolicySeverity.POLICY_SEVERITY_LOW]: 'low',
    [proto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: 'medium',
    [proto.PolicySeverity.POLICY_SEVERITY_HIGH]: 'high',
    [proto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: 'critical',
  };
  return names[severity] ?? 'unspecified';
}

export interface AnalyzerResourceInput {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface Diagnostic {
  policyName: string;
  enforcementLevel: string;
  severity: string;
  message: string;
  urn: string;
}

function urnOf(resource: AnalyzerResourceInput): string {
  return `urn:pulumi:dev::acme-payments::${resource.type}::${resource.name}`;
}

function options(): any {
  const opts = new proto.AnalyzerResourceOptions();
  opts.setProtect(false);
  return opts;
}

function toDiagnostics(response: any): Diagnostic[] {
  return response.getDiagnosticsList().map((d: any) => ({
    policyName: d.getPolicyname(),
    enforcementLevel: enforcementName(d.getEnforcementlevel()),
    severity: severityName(d.getSeverity()),
    message: d.getMessage(),
    urn: d.getUrn(),
  }));
}

/** A typed client over the analyzer RPCs the CLI calls. */
export class AnalyzerClient {
  private readonly client: any;

  constructor(port: number) {
    this.client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))),
    );
  }

  /** GetAnalyzerInfo, returned as the raw protobuf message. */
  info(): Promise<any> {
    return this.call('getAnalyzerInfo', new Empty());
  }

  async analyze(resource: AnalyzerResourceInput): Promise<Diagnostic[]> {
    const request = new proto.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(urnOf(resource));
    request.setProperties(Struct.fromJavaScript(resource.props));
    request.setOptions(options());
    return toDiagnostics(await this.call('analyze', request));
  }

  async analyzeStack(resources: AnalyzerResourceInput[]): Promise<Diagnostic[]> {
    const request = new proto.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((resource) => {
        const r = new proto.AnalyzerResource();
        r.setType(resource.type);
        r.setName(resource.name);
        r.setUrn(urnOf(resource));
        r.setProperties(Struct.fromJavaScript(resource.props));
        r.setOptions(options());
        return r;
      }),
    );
    return toDiagnostics(await this.call('analyzeStack', request));
  }

  /** Remediate: each policy that changed the inputs, with the new property bag. */
  async remediate(resource: AnalyzerResourceInput): Promise<{ policyName: string; props: Record<string, unknown> }[]> {
    const request = new proto.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(urnOf(resource));
    request.setProperties(Struct.fromJavaScript(resource.props));
    request.setOptions(options());
    const response: any = await this.call('remediate', request);
    return response.getRemediationsList().map((r: any) => ({ policyName: r.getPolicyname(), props: r.getProperties().toJavaScript() }));
  }

  /** Configure, as the CLI sends a `--policy-pack-config` file: policy → level and settings. */
  async configure(config: Record<string, { enforcementLevel: string; [setting: string]: unknown }>): Promise<void> {
    const request = new proto.ConfigureAnalyzerRequest();
    const levels: Record<string, number> = {
      advisory: proto.EnforcementLevel.ADVISORY,
      mandatory: proto.EnforcementLevel.MANDATORY,
      remediate: proto.EnforcementLevel.REMEDIATE,
      disabled: proto.EnforcementLevel.DISABLED,
    };
    for (const [policy, { enforcementLevel, ...settings }] of Object.entries(config)) {
      const entry = new proto.PolicyConfig();
      entry.setEnforcementlevel(levels[enforcementLevel]);
      entry.setProperties(Struct.fromJavaScript(settings));
      request.getPolicyconfigMap().set(policy, entry);
    }
    await this.call('configure', request);
  }

  close(): void {
    this.client.close();
  }
}
