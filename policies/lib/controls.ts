import { FRAMEWORKS, type ControlRef, type Framework } from '../rule.ts';

/** Writes a rule's control mapping as one line per framework; returns them in FRAMEWORKS order. */
export function controls(byFramework: Partial<Record<Framework, readonly string[]>>): ControlRef[] {
  return FRAMEWORKS.flatMap((framework) => (byFramework[framework] ?? []).map((control) => ({ framework, control })));
}
