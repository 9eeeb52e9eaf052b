/**
 * The sweep policy pack: the library's rules served to the Pulumi CLI for
 * `pulumi preview --policy-pack policies/pack`. Constructing the PolicyPack starts @pulumi/policy's
 * gRPC analyzer server on 127.0.0.1 and prints its port on stdout for the CLI to dial, so nothing
 * else may write to stdout before it. Load it through main.cjs (see there), never from an engine
 * process: the server keeps the process alive until the CLI stops it.
 *
 * Environment: `SWEEP_PACK_FRAMEWORKS=pci-dss,soc2` serves only rules mapped to those frameworks;
 * `SWEEP_PACK_ENFORCEMENT=advisory` replaces every rule's default level. Per-policy levels and
 * settings come from Pulumi's own `--policy-pack-config <file>`.
 */
import { fileURLToPath } from 'node:url';
import { PolicyPack } from '@pulumi/policy';
import { catalogs, rules } from '../index.ts';
import { packArgs, packOptionsFromEnv } from './policies.ts';

// PolicyPack reads its version from `${cwd}/package.json`. The CLI starts packs in their own
// directory; chdir anyway so a pack started from elsewhere reports this pack's version.
process.chdir(fileURLToPath(new URL('.', import.meta.url)));

const args = packArgs(rules, catalogs, packOptionsFromEnv(process.env));

// The CLI stops a pack with SIGINT (then SIGKILL); analysis keeps no state, so exit at once and
// cleanly rather than by signal.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));

new PolicyPack('sweep', args);
