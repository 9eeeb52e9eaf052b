/**
 * Reads what a run needs from a Pulumi project folder: the project name and entry point from
 * Pulumi.yaml, and scalar config from Pulumi.<stack>.yaml. A few top-level keys are all sweep
 * needs, so this reads lines rather than pulling in a YAML parser. Structured config values are
 * skipped; `secure:` values cannot be decrypted offline and are given to the program as the marker.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SweepError } from '../../errors.ts';
import { SECRET_MARKER } from '../resource.ts';

export interface PulumiProject {
  name: string;
  /** Absolute path of the entry file. */
  main: string;
  config: Record<string, string>;
  secretKeys: string[];
}

function unquote(raw: string): string {
  let value = raw.trim();
  const comment = value.indexOf(' #');
  if (comment >= 0 && !value.startsWith('"') && !value.startsWith("'")) value = value.slice(0, comment).trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    value = value.slice(1, -1);
  }
  return value;
}

/** Splits `key: value` at the first `: ` (config keys such as `aws:region` contain colons). */
function splitEntry(line: string): { key: string; value: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  if (trimmed.endsWith(':')) return { key: trimmed.slice(0, -1), value: '' };
  const separator = trimmed.indexOf(': ');
  if (separator < 0) return undefined;
  return { key: trimmed.slice(0, separator), value: unquote(trimmed.slice(separator + 2)) };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function topLevel(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (indentOf(line) !== 0) continue;
    const entry = splitEntry(line);
    if (entry) keys.set(entry.key, entry.value);
  }
  return keys;
}

function readStackConfig(dir: string, project: string, stack: string): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const path = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(path)) return { config, secretKeys };
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((line) => /^config:\s*$/.test(line));
  if (start < 0) return { config, secretKeys };
  let keyIndent = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent === 0) break;
    if (keyIndent < 0) keyIndent = indent;
    if (indent !== keyIndent) continue;
    const entry = splitEntry(line);
    if (!entry) continue;
    // Pulumi namespaces bare keys with the project name.
    const key = entry.key.includes(':') ? entry.key : `${project}:${entry.key}`;
    if (entry.value !== '') {
      config[key] = entry.value;
      continue;
    }
    const next = lines[i + 1] ? splitEntry(lines[i + 1]) : undefined;
    if (next?.key === 'secure') {
      config[key] = SECRET_MARKER;
      secretKeys.push(key);
    }
  }
  return { config, secretKeys };
}

export function readPulumiProject(dir: string, stack: string): PulumiProject {
  const projectFile = ['Pulumi.yaml', 'Pulumi.yml'].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!projectFile) {
    throw new SweepError('program-not-found', `${dir} is not a Pulumi project: no Pulumi.yaml`, {
      hint: 'Point pulumi-program at the folder that holds Pulumi.yaml and index.ts.',
    });
  }
  const keys = topLevel(readFileSync(projectFile, 'utf8'));
  const name = keys.get('name');
  if (!name) {
    throw new SweepError('program-invalid', `${projectFile} has no project "name"`, {
      hint: 'Add `name: <project>` to Pulumi.yaml.',
    });
  }
  const runtime = keys.get('runtime');
  if (runtime && runtime !== 'nodejs') {
    throw new SweepError('program-unsupported', `${dir}: runtime "${runtime}" is not supported`, {
      hint: 'pulumi-program runs TypeScript (nodejs) programs; export the stack and use pulumi-state instead.',
    });
  }
  let main = join(dir, keys.get('main') || 'index.ts');
  if (existsSync(main) && statSync(main).isDirectory()) main = join(main, 'index.ts');
  if (!existsSync(main)) {
    throw new SweepError('program-not-found', `${dir}: entry point ${main} does not exist`, {
      hint: 'Pulumi.yaml `main` (default index.ts) must name the program file.',
    });
  }
  return { name, main, ...readStackConfig(dir, name, stack) };
}
