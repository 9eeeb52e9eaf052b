/**
 * The environment a cloud CLI runs with, and the scrubber that keeps it out of every message.
 * Values from the caller's environment and the connection's env file reach the child process
 * only; errors are built from the CLI's stderr after every such value has been replaced.
 */
import { readFile } from 'node:fs/promises';
import { SweepError } from '../../errors.ts';

const REDACTED = '[redacted]';
/** Shorter values (`1`, `true`, `dev`) occur in ordinary text; replacing them would garble messages, not protect anything. */
const MIN_SECRET_LENGTH = 5;
/** AWS access key ids have a recognisable shape even when we did not put them in the environment (a profile file, ESC). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g;
/**
 * `AWS_SECRET_ACCESS_KEY=...`-style pairs: values an ESC environment or a profile injected never
 * pass through sweep, so they cannot be listed; a CLI echoing its environment still loses them.
 */
const CREDENTIAL_PAIR = /\b([A-Z][A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|CREDENTIALS?|_KEY)[A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g;

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function unquoteDouble(value: string): string {
  return value.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/**
 * Parses dotenv text: `KEY=value`, `export KEY=value`, `#` comments, single quotes (literal),
 * double quotes (with \n escapes, may span lines), and ` # comment` after unquoted values. A bad
 * line is reported by number only: its text may be a credential.
 */
export function parseEnvFile(text: string, origin: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.startsWith('export ') ? line.slice('export '.length).trimStart() : line;
    const eq = body.indexOf('=');
    const key = eq < 0 ? '' : body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      throw new SweepError('env-file-invalid', `${origin}:${lineNumber}: expected KEY=value`, {
        hint: 'Fix that line of the env file (dotenv format: KEY=value, one per line, # for comments).',
      });
    }
    let value = body.slice(eq + 1).trimStart();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      let rest = value.slice(1);
      let end = quote === '"' ? findClosingDouble(rest) : rest.indexOf("'");
      // A double-quoted value may continue on the following lines.
      while (end < 0 && quote === '"' && index + 1 < lines.length) {
        index++;
        rest += '\n' + lines[index];
        end = findClosingDouble(rest);
      }
      if (end < 0) {
        throw new SweepError('env-file-invalid', `${origin}:${lineNumber}: unterminated ${quote} quote for ${key}`, {
          hint: 'Close the quote in the env file.',
        });
      }
      const raw = rest.slice(0, end);
      value = quote === '"' ? unquoteDouble(raw) : raw;
    } else {
      const comment = value.search(/\s#/);
      value = (comment < 0 ? value : value.slice(0, comment)).trim();
    }
    vars[key] = value;
  }
  return vars;
}

function findClosingDouble(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

export async function readEnvFile(path: string, connection: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SweepError('env-file-unreadable', `connection "${connection}": cannot read its env file ${path} (${code ?? 'error'})`, {
      hint: `Restore the file, or re-create the connection with another --env-file (sweep connections remove ${connection}).`,
    });
  }
  return parseEnvFile(text, path);
}

export interface Scrubber {
  (text: string): string;
}

/** Replaces every listed value (longest first, so a value containing another goes whole), credential pairs and access key ids. */
export function createScrubber(values: Iterable<string | undefined>): Scrubber {
  const secrets = [...new Set([...values].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(CREDENTIAL_PAIR, `$1=${REDACTED}`).replace(ACCESS_KEY_ID, REDACTED);
  };
}

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  scrub: Scrubber;
}

/** The caller's environment (or the process's) plus the env file's variables, which win. */
export async function buildEnvironment(base: NodeJS.ProcessEnv, envFile: string | undefined, connection: string): Promise<CliEnvironment> {
  const fromFile = envFile === undefined ? {} : await readEnvFile(envFile, connection);
  const env: NodeJS.ProcessEnv = { ...base, ...fromFile };
  return { env, scrub: createScrubber(Object.values(env)) };
}
