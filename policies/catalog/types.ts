import type { Framework } from '../rule.ts';

/** One control of a standard, with its id exactly as the standard writes it. */
export interface Control {
  id: string;
  title: string;
  /** The group the standard files it under (e.g. `System and Communications Protection`). */
  family: string;
}

export interface Catalog {
  framework: Framework;
  /** Human name with the version the ids come from, e.g. `CIS AWS Foundations Benchmark v3.0.0`. */
  name: string;
  version: string;
  controls: Control[];
}
