/**
 * The `sweep` command line. Commands are listed explicitly below, one file each. Exit codes:
 * 0 ok, 1 failure, 2 usage, 3 `scan --fail-on` threshold met.
 */
import { Command, CommanderError } from 'commander';
import { isSweepError } from '../errors.ts';
import { registerAssign } from './assign.ts';
import { registerConnections } from './connections.ts';
import { createContext, type CliContext, type CliIo } from './context.ts';
import { registerDb } from './db.ts';
import { registerDemo } from './demo.ts';
import { registerExclusions } from './exclusions.ts';
import { registerOwners } from './owners.ts';
import { registerPolicies } from './policies.ts';
import { registerPrs } from './prs.ts';
import { registerRemediate } from './remediate.ts';
import { registerReport } from './report.ts';
import { registerScan } from './scan.ts';
import { registerSchedule } from './schedule.ts';
import { registerServe } from './serve.ts';
import { registerSuppress } from './suppress.ts';
import { registerSuppressions } from './suppressions.ts';
import { registerTokens } from './tokens.ts';
import { registerViolations } from './violations.ts';
import { registerWorker } from './worker.ts';

const COMMANDS: ((program: Command, context: CliContext) => void)[] = [
  registerDemo,
  registerScan,
  registerViolations,
  registerExclusions,
  registerAssign,
  registerSuppress,
  registerSuppressions,
  registerOwners,
  registerRemediate,
  registerPrs,
  registerReport,
  registerWorker,
  registerSchedule,
  registerPolicies,
  registerDb,
  registerConnections,
  registerServe,
  registerTokens,
];

export function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const program = new Command('sweep');
  const context = createContext(io, () => program.opts());
  program
    .description('Burn down cloud policy-violation backlogs: scan, assign, remediate, prove.')
    .option('--home <dir>', 'working directory for the embedded database and demo (env SWEEP_HOME, default .sweep)')
    .option('--database-url <url>', 'Postgres URL (env DATABASE_URL); unset uses the embedded database')
    .option('--config <file>', 'config file (env SWEEP_CONFIG; default ./sweep.yaml when present)')
    .exitOverride()
    .showHelpAfterError('(run `sweep --help` for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const register of COMMANDS) register(program, context);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isSweepError(error)) {
      io.stderr.write(`sweep: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
      return error.exitCode;
    }
    io.stderr.write(`sweep: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
