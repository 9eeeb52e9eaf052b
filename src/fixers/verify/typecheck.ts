/**
 * The `typecheck` layer: type-checks a Pulumi TypeScript program with the TypeScript compiler
 * API, using the program's own tsconfig.json, without emitting anything.
 *
 * Cost: `import * as aws from "@pulumi/aws"` pulls ~3,000 declaration files into the program.
 * Measured on the demo program (2 cores, shared): parsing them is ~8–10 s of a ~11 s cold check;
 * the semantic check of the program's own files is ~1 s. A tsbuildinfo (createIncrementalProgram)
 * does not help: it saves only the semantic check of unchanged files, never the parse, and a fix
 * always changes a file (measured 8–13 s cold with it, as without). What helps is keeping parsed
 * (and bound) declaration files in memory for the worker's lifetime, plus a shared module
 * resolution cache: a new checkout then checks in ~1–2 s, a second check of the same one in < 1 s.
 * That is `TypecheckCache`; only files under node_modules and TypeScript's own lib files are
 * kept, since program files change per checkout.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface TypecheckResult {
  ok: boolean;
  durationMs: number;
  /** Error count (warnings and suggestions are not counted). */
  errors: number;
  /** The first few errors as `file:line:column TSxxxx message`, file relative to `relativeTo`. */
  diagnostics: string[];
  /** Source files in the checked program (declarations included). */
  files: number;
  /** Which configuration was used: the tsconfig path, or a note that defaults were used. */
  config: string;
}

interface CachedFile {
  file: ts.SourceFile;
  lastUsed: number;
}

/**
 * Parsed declaration files and module resolutions kept between type-checks in one process.
 * Entries not used by the last `keepRuns` checks are dropped, so checkouts that come and go with
 * their own node_modules do not accumulate.
 */
export interface TypecheckCache {
  files: Map<string, CachedFile>;
  resolutions: Map<string, ts.ModuleResolutionCache>;
  run: number;
  keepRuns: number;
}

/** @param keepRuns entries unused for this many checks are evicted. @defaultValue 3 */
export function createTypecheckCache(keepRuns = 3): TypecheckCache {
  return { files: new Map(), resolutions: new Map(), run: 0, keepRuns };
}

export interface TypecheckOptions {
  cache?: TypecheckCache;
  /** How many errors to report in `diagnostics`. @defaultValue 5 */
  maxDiagnostics?: number;
  /** Entry file used when the program has no tsconfig.json. @defaultValue index.ts */
  main?: string;
  /** Diagnostics name files relative to this directory (the checkout root, for repo paths). @defaultValue programDir */
  relativeTo?: string;
}

/** Options that would turn a check into a build; a verification never writes into the checkout. */
const BUILD_OPTIONS = ['composite', 'incremental', 'tsBuildInfoFile', 'declaration', 'declarationMap', 'emitDeclarationOnly', 'outDir', 'outFile'] as const;

/**
 * What Pulumi's TypeScript template uses; only for programs without a tsconfig.json, which
 * Pulumi itself then runs with ts-node defaults.
 */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
};

function isSharedFile(fileName: string, libDir: string): boolean {
  return fileName.includes('/node_modules/') || fileName.startsWith(libDir);
}

/** Parse results depend on these (language version and module format come per call). */
function parseKey(options: ts.CompilerOptions): string {
  return [options.moduleDetection, options.jsx, options.strict, options.alwaysStrict].join('|');
}

/** Resolution results depend on these; paths and baseUrl make a cache per checkout, which is correct. */
function resolutionKey(options: ts.CompilerOptions): string {
  const { module, moduleResolution, baseUrl, paths, customConditions, resolvePackageJsonExports, resolvePackageJsonImports, allowJs, resolveJsonModule, allowArbitraryExtensions, typeRoots, rootDirs, preserveSymlinks } = options;
  return JSON.stringify({ module, moduleResolution, baseUrl, paths, customConditions, resolvePackageJsonExports, resolvePackageJsonImports, allowJs, resolveJsonModule, allowArbitraryExtensions, typeRoots, rootDirs, preserveSymlinks });
}

function readConfig(programDir: string, main: string): { rootNames: string[]; options: ts.CompilerOptions; errors: ts.Diagnostic[]; config: string } {
  const path = join(programDir, 'tsconfig.json');
  if (!existsSync(path)) {
    return { rootNames: [join(programDir, main)], options: { ...DEFAULT_OPTIONS }, errors: [], config: `no tsconfig.json; defaults (strict, NodeNext) from ${main}` };
  }
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) return { rootNames: [], options: {}, errors: [read.error], config: path };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, programDir, undefined, path);
  return { rootNames: parsed.fileNames, options: parsed.options, errors: parsed.errors, config: path };
}

function formatDiagnostic(diagnostic: ts.Diagnostic, base: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const rel = relative(base, diagnostic.file.fileName);
  const file = rel.startsWith('..') || isAbsolute(rel) ? diagnostic.file.fileName : rel.split(sep).join('/');
  return `${file}:${line + 1}:${character + 1} TS${diagnostic.code} ${message}`;
}

function cachingHost(options: ts.CompilerOptions, cache: TypecheckCache): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const libDir = dirname(host.getDefaultLibFileName(options));
  const parse = host.getSourceFile.bind(host);
  const settings = parseKey(options);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!isSharedFile(fileName, libDir)) return parse(fileName, languageVersion, onError, shouldCreate);
    const version = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}|${languageVersion.impliedNodeFormat}` : `${languageVersion}`;
    const key = `${fileName}\u0000${version}\u0000${settings}`;
    const text = host.readFile(fileName);
    if (text === undefined) return parse(fileName, languageVersion, onError, shouldCreate);
    const hit = cache.files.get(key);
    // Same path, different text: the package was reinstalled; never reuse a stale parse.
    if (hit && hit.file.text === text) {
      hit.lastUsed = cache.run;
      return hit.file;
    }
    const file = ts.createSourceFile(fileName, text, languageVersion, false);
    cache.files.set(key, { file, lastUsed: cache.run });
    return file;
  };

  const key = resolutionKey(options);
  let resolutions = cache.resolutions.get(key);
  if (!resolutions) {
    resolutions = ts.createModuleResolutionCache(host.getCurrentDirectory(), (name) => host.getCanonicalFileName(name), options);
    cache.resolutions.set(key, resolutions);
  }
  const shared = resolutions;
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
    literals.map((literal) =>
      ts.resolveModuleName(
        literal.text,
        containingFile,
        compilerOptions,
        host,
        shared,
        redirected,
        ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions),
      ),
    );
  return host;
}

function evict(cache: TypecheckCache): void {
  let evicted = false;
  for (const [key, entry] of cache.files) {
    if (cache.run - entry.lastUsed >= cache.keepRuns) {
      cache.files.delete(key);
      evicted = true;
    }
  }
  // Files went away with a checkout: its directories' resolutions (failed lookups included) go too.
  if (evicted) for (const resolutions of cache.resolutions.values()) resolutions.clear();
}

/**
 * Type-checks the program in `programDir` (synchronous: the compiler API is). Options come from
 * programDir/tsconfig.json with `noEmit` forced and build-only options dropped; `skipLibCheck`
 * is whatever the repository chose.
 */
export function typecheckProgram(programDir: string, options: TypecheckOptions = {}): TypecheckResult {
  const started = performance.now();
  const dir = realpathSync(programDir);
  const cache = options.cache ?? createTypecheckCache();
  const max = options.maxDiagnostics ?? 5;
  const base = options.relativeTo === undefined ? dir : realpathSync(options.relativeTo);
  cache.run++;
  const config = readConfig(dir, options.main ?? 'index.ts');
  const finish = (diagnostics: readonly ts.Diagnostic[], files: number): TypecheckResult => {
    const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    evict(cache);
    return {
      ok: errors.length === 0,
      durationMs: Math.round(performance.now() - started),
      errors: errors.length,
      diagnostics: errors.slice(0, max).map((diagnostic) => formatDiagnostic(diagnostic, base)),
      files,
      config: config.config,
    };
  };
  if (config.errors.length > 0) return finish(config.errors, 0);

  const compilerOptions: ts.CompilerOptions = { ...config.options, noEmit: true };
  for (const option of BUILD_OPTIONS) delete compilerOptions[option];
  const program = ts.createProgram({ rootNames: config.rootNames, options: compilerOptions, host: cachingHost(compilerOptions, cache) });
  return finish(ts.getPreEmitDiagnostics(program), program.getSourceFiles().length);
}
