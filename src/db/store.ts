/**
 * The one database interface the rest of sweep sees, over node-postgres or embedded PGlite.
 * `db` is drizzle for typed queries; `transaction` gives raw SQL plus COPY for the set-based
 * bulk paths (scan reconciliation), where building queries row by row would dominate.
 */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface SqlExecutor {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Tx extends SqlExecutor {
  /** `copySql` is `COPY <table> (<columns>) FROM STDIN`; rows are already encoded as COPY text lines. */
  copyFrom(copySql: string, lines: Iterable<string>): Promise<void>;
}

export interface Store extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, for messages (a URL without its password, or a directory). */
  readonly location: string;
  readonly db: Database;
  /** The embedded database itself (PGlite only): the queue serves it to BullMQ over pglite-socket. */
  readonly embedded?: import('@electric-sql/pglite').PGlite;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Lines are buffered into chunks of about this many characters before they go to the server. */
export const COPY_CHUNK_CHARS = 1 << 20;

export function* chunkLines(lines: Iterable<string>): Generator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const line of lines) {
    buffer.push(line);
    size += line.length + 1;
    if (size >= COPY_CHUNK_CHARS) {
      yield buffer.join('\n') + '\n';
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('\n') + '\n';
}
