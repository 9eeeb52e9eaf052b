/**
 * Where a target's code lives in the checkout, and a TypeScript parser for it. Scans record paths
 * relative to the Pulumi project (pulumi-program, state positions) or to the repository (state
 * with a `vcs:root` tag, Terraform), so both roots are tried, project first.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { Project, type SourceFile } from 'ts-morph';
import type { FixGroup } from '../types.ts';

export interface SourcePath {
  absolute: string;
  /** Relative to the checkout, with `/`: what a FileEdit names. */
  repoPath: string;
}

export function repoPathOf(group: Pick<FixGroup, 'checkoutDir'>, absolute: string): string {
  return relative(group.checkoutDir, absolute).split(sep).join('/');
}

export function resolveSource(group: Pick<FixGroup, 'checkoutDir' | 'programDir'>, path: string): SourcePath | undefined {
  const candidates = isAbsolute(path) ? [path] : [join(group.programDir, path), join(group.checkoutDir, path)];
  const absolute = candidates.find((candidate) => existsSync(candidate));
  if (!absolute) return undefined;
  const repoPath = repoPathOf(group, absolute);
  // A path that escapes the checkout is not ours to edit.
  if (repoPath.startsWith('../') || isAbsolute(repoPath)) return undefined;
  return { absolute, repoPath };
}

export type Parse = (text: string) => SourceFile;

/** A parser over one in-memory project (no type-checking, nothing read from disk). */
export function createParser(fileName = 'program.ts'): Parse {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  return (text) => project.createSourceFile(fileName, text, { overwrite: true });
}
