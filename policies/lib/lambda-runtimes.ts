/**
 * Lambda runtimes AWS has deprecated (no more security patches to the language or OS image), and
 * the current runtime of the same language a function moves to. The list follows AWS's "Runtime
 * deprecation" table (Lambda Developer Guide) as of late 2026.
 *
 * Runtimes on Amazon Linux 2 (java8.al2, java11, java17, python3.10, python3.11, provided.al2) are
 * scheduled to follow AL2's end of support; add them through the rule's `deprecatedRuntimes`
 * setting once AWS's table lists them as deprecated, rather than guessing dates here.
 */

export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x', 'nodejs20.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9',
  'ruby2.5', 'ruby2.7', 'ruby3.2',
  'java8',
  'go1.x',
  'provided',
  'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'dotnet5.0', 'dotnet7', 'dotnet6',
]);

/**
 * The runtime a deprecated one is replaced with, or undefined when a runtime swap alone cannot
 * work: .NET assemblies are compiled for one target framework, `go1.x` functions must be rebuilt
 * as a `bootstrap` binary for an OS-only runtime, and Python 2 code needs porting.
 */
export function replacementRuntime(runtime: string): string | undefined {
  if (runtime === 'python2.7') return undefined;
  if (runtime.startsWith('nodejs')) return 'nodejs24.x';
  if (runtime.startsWith('python3')) return 'python3.13';
  if (runtime.startsWith('ruby')) return 'ruby3.4';
  if (runtime.startsWith('java')) return 'java21';
  if (runtime === 'provided') return 'provided.al2023';
  return undefined;
}
