/**
 * `scan --repo <dir>`: finds the `.tf` file and line that declare each resource of a state, so
 * fixes know where to edit. The repository is indexed once (every `resource "<type>" "<name>" {`
 * and every `module "<name>" { source = "./…" }` per folder) and each lookup is then a few map
 * reads. Resources inside modules are found by following the module calls of their address
 * through local module sources; registry and git modules are not in the repository, so their
 * resources get no file (the repo is still recorded).
 *
 * Which folder is the root module: any folder with `.tf` files that no local module call points
 * at, the repository root first, then by path. The first candidate that declares the address wins.
 * Line scanning, not an HCL parser: it tolerates any spacing and unquoted labels, skips comments,
 * and ignores `*.tf.json`, `.terraform/`, `node_modules/` and dot-folders.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

export interface Declaration {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  /** 1-based. */
  line: number;
}

export interface RepoIndex {
  /** Where `type.name` is declared, in the module reached by `calls` from a root module. */
  locate(calls: readonly string[], type: string, name: string): Declaration | undefined;
}

interface Folder {
  resources: Map<string, Declaration>;
  /** Module call name → folder of its local source, or null for a non-local source. */
  modules: Map<string, string | null>;
}

const RESOURCE = /^\s*resource\s+"?([A-Za-z0-9_-]+)"?\s+"?([A-Za-z0-9_-]+)"?\s*\{/;
const MODULE = /^\s*module\s+"?([A-Za-z0-9_-]+)"?\s*\{/;
const SOURCE = /(?:^|[\s{;])source\s*=\s*"([^"]*)"/;
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** `{` minus `}` outside double-quoted strings. */
function braceBalance(line: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '#' || (char === '/' && line[i + 1] === '/')) break;
    else if (char === '{') balance++;
    else if (char === '}') balance--;
  }
  return balance;
}

/** The folder a local module source points at, relative to the repository, or null. */
function localSource(folder: string, source: string): string | null {
  if (!source.startsWith('./') && !source.startsWith('../')) return null;
  const target = posix.normalize(posix.join(folder === '' ? '.' : folder, source)).replace(/\/+$/, '');
  if (target === '..' || target.startsWith('../')) return null;
  return target === '.' ? '' : target;
}

function scanFile(text: string, path: string, folder: Folder, folderPath: string): void {
  const lines = text.split('\n');
  let inComment = false;
  let module: { name: string; depth: number; source?: string | null } | undefined;
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index];
    if (inComment) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      line = line.slice(end + 2);
      inComment = false;
    }
    const open = line.indexOf('/*');
    if (open >= 0 && line.indexOf('*/', open) < 0 && !line.slice(0, open).includes('"')) {
      inComment = true;
      line = line.slice(0, open);
    }
    if (module) {
      if (module.depth === 1 && module.source === undefined) {
        const source = SOURCE.exec(line);
        if (source) module.source = localSource(folderPath, source[1]);
      }
      module.depth += braceBalance(line);
      if (module.depth <= 0) {
        if (!folder.modules.has(module.name)) folder.modules.set(module.name, module.source ?? null);
        module = undefined;
      }
      continue;
    }
    const resource = RESOURCE.exec(line);
    if (resource) {
      const key = `${resource[1]}.${resource[2]}`;
      if (!folder.resources.has(key)) folder.resources.set(key, { path, line: index + 1 });
      continue;
    }
    const call = MODULE.exec(line);
    if (call) {
      const rest = line.slice(call[0].length - 1);
      const source = SOURCE.exec(rest);
      module = { name: call[1], depth: braceBalance(rest), source: source ? localSource(folderPath, source[1]) : undefined };
      if (module.depth <= 0) {
        if (!folder.modules.has(module.name)) folder.modules.set(module.name, module.source ?? null);
        module = undefined;
      }
    }
  }
}

async function walk(root: string, relative: string, folders: Map<string, Folder>): Promise<void> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      await walk(root, path, folders);
    } else if (entry.isFile() && entry.name.endsWith('.tf')) {
      let folder = folders.get(relative);
      if (!folder) {
        folder = { resources: new Map(), modules: new Map() };
        folders.set(relative, folder);
      }
      scanFile(await readFile(join(root, path), 'utf8'), path, folder, relative);
    }
  }
}

/** Indexes every `.tf` file under `root` (an absolute path). */
export async function indexRepo(root: string): Promise<RepoIndex> {
  const folders = new Map<string, Folder>();
  await walk(root, '', folders);
  const moduleTargets = new Set<string>();
  for (const folder of folders.values()) {
    for (const target of folder.modules.values()) if (target !== null) moduleTargets.add(target);
  }
  // The repository root ('') sorts first, then folders by path: the preference order documented above.
  const roots = [...folders.keys()].filter((path) => !moduleTargets.has(path)).sort();
  return {
    locate(calls, type, name) {
      const key = `${type}.${name}`;
      for (const root of roots) {
        let path: string | null | undefined = root;
        for (const call of calls) {
          path = folders.get(path)?.modules.get(call);
          if (path === undefined || path === null) break;
        }
        if (path === undefined || path === null) continue;
        const found = folders.get(path)?.resources.get(key);
        if (found) return found;
      }
      return undefined;
    },
  };
}
