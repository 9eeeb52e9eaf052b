/**
 * What every command receives: its streams, environment and working directory (so tests run
 * commands in-process with their own), the parsed configuration, and a store opened on demand.
 */
import type { Readable } from 'node:stream';
import { loadConfig, type Config, type GlobalFlags } from '../config/index.ts';
import { openStore } from '../db/open.ts';
import type { Store } from '../db/store.ts';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliContext {
  io: CliIo;
  config(): Config;
  /** Opens the store (migrating on first use), runs `fn`, and always closes it. */
  withStore<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  print(line?: string): void;
  printJson(value: unknown): void;
  /** A progress line on a TTY (rewritten in place); nothing when output is piped. */
  progress(line: string): void;
  /** The process exit code the command asks for (0 unless set). */
  exitCode: number;
}

export function createContext(io: CliIo, flags: () => GlobalFlags): CliContext {
  let config: Config | undefined;
  let progressShown = false;
  const context: CliContext = {
    io,
    exitCode: 0,
    config() {
      config ??= loadConfig(io.env, flags());
      return config;
    },
    async withStore(fn) {
      const cfg = context.config();
      const store = await openStore({ databaseUrl: cfg.databaseUrl, home: resolveHome(io.cwd, cfg.home) });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
    print(line = '') {
      if (progressShown) {
        io.stderr.write('\r\x1b[K');
        progressShown = false;
      }
      io.stdout.write(line + '\n');
    },
    printJson(value) {
      io.stdout.write(JSON.stringify(value, null, 2) + '\n');
    },
    progress(line) {
      if (!io.stderr.isTTY) return;
      io.stderr.write('\r\x1b[K' + line);
      progressShown = true;
    },
  };
  return context;
}

export function resolveHome(cwd: string, home: string): string {
  return home.startsWith('/') ? home : `${cwd}/${home}`;
}
