/**
 * Reads and writes of the `connections` table. Every write and its `audit_log` row commit in one
 * transaction, so the trail never disagrees with the table. Only non-secret settings are stored
 * (see config.ts); the audit details repeat exactly what was stored, nothing more.
 */
import type { Store, SqlExecutor } from '../db/store.ts';
import type { SourceRequest } from '../engine/scan.ts';
import { SweepError } from '../errors.ts';
import type { ConnectionRecord } from '../sources/source.ts';
import type { CliKind, ConnectionConfig } from './config.ts';

/** A stored connection, as `sweep connections list --json` prints it. */
export interface StoredConnection extends ConnectionRecord {
  notes: string | null;
  /** ISO timestamp. */
  createdAt: string;
}

export interface NewConnection {
  name: string;
  kind: CliKind;
  config: ConnectionConfig;
  notes?: string;
}

interface ConnectionRow {
  name: string;
  kind: string;
  config: Record<string, unknown> | string;
  notes: string | null;
  created_at: Date | string;
}

const COLUMNS = 'name, kind, config, notes, created_at';

function toConnection(row: ConnectionRow): StoredConnection {
  return {
    name: row.name,
    kind: row.kind,
    // node-postgres and PGlite both parse jsonb; the string branch covers a driver that does not.
    config: typeof row.config === 'string' ? (JSON.parse(row.config) as Record<string, unknown>) : row.config,
    notes: row.notes,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function notFound(name: string): SweepError {
  return new SweepError('connection-not-found', `no connection named "${name}"`, {
    hint: 'Run `sweep connections list` to see the connections that exist, or add one with `sweep connections add`.',
  });
}

export async function getConnection(store: SqlExecutor, name: string): Promise<StoredConnection | undefined> {
  const rows = await store.query<ConnectionRow>(`select ${COLUMNS} from connections where name = $1`, [name]);
  return rows.length === 0 ? undefined : toConnection(rows[0]);
}

export async function listConnections(store: SqlExecutor): Promise<StoredConnection[]> {
  const rows = await store.query<ConnectionRow>(`select ${COLUMNS} from connections order by name`);
  return rows.map(toConnection);
}

/**
 * The `SourceContext.connection` lookup, reading the table on each call. Use it where no
 * transaction is open on the same store; inside a scan use `preloadConnectionLookup`.
 */
export function connectionLookup(store: SqlExecutor): (name: string) => Promise<ConnectionRecord | undefined> {
  return (name) => getConnection(store, name);
}

/**
 * A lookup over the connections read once, up front. A scan reads its sources inside one
 * transaction, and the embedded database (PGlite) serialises queries: a lookup that queried the
 * store from inside that transaction would wait for it forever.
 */
export async function preloadConnectionLookup(store: SqlExecutor): Promise<(name: string) => Promise<ConnectionRecord | undefined>> {
  const byName = new Map((await listConnections(store)).map((connection) => [connection.name, connection]));
  return async (name) => byName.get(name);
}

/**
 * The sources `sweep scan --connection <name> ...` reads: the named connections (every name must
 * exist), or every stored connection when no name is given. Fails before any scan starts.
 */
export async function connectionSourceRequests(store: SqlExecutor, names: readonly string[] = []): Promise<SourceRequest[]> {
  const all = await listConnections(store);
  if (names.length === 0) {
    if (all.length === 0) {
      throw new SweepError('no-connections', 'there are no connections to scan', {
        hint: 'Add one with `sweep connections add <name> --cli aws|gcloud|az|kubectl`.',
      });
    }
    return all.map((connection) => ({ kind: 'connection', target: connection.name }));
  }
  const known = new Set(all.map((connection) => connection.name));
  const missing = names.filter((name) => !known.has(name));
  if (missing.length > 0) throw notFound(missing.join('", "'));
  return [...new Set(names)].map((name) => ({ kind: 'connection', target: name }));
}

async function audit(tx: SqlExecutor, actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
  await tx.query('insert into audit_log (actor, action, target, details) values ($1, $2, $3, $4::jsonb)', [
    actor,
    action,
    target,
    JSON.stringify(details),
  ]);
}

/** Adds a connection; an existing name is an error (exit 1), never an overwrite. */
export async function addConnection(store: Store, connection: NewConnection, actor: string): Promise<StoredConnection> {
  return store.transaction(async (tx) => {
    const rows = await tx.query<ConnectionRow>(
      `insert into connections (name, kind, config, notes) values ($1, $2, $3::jsonb, $4)
       on conflict (name) do nothing returning ${COLUMNS}`,
      [connection.name, connection.kind, JSON.stringify(connection.config), connection.notes ?? null],
    );
    if (rows.length === 0) {
      throw new SweepError('connection-exists', `a connection named "${connection.name}" already exists`, {
        hint: `Choose another name, or replace it: sweep connections remove ${connection.name}, then add it again.`,
      });
    }
    await audit(tx, actor, 'connection.add', connection.name, { kind: connection.kind, config: connection.config, notes: connection.notes ?? null });
    return toConnection(rows[0]);
  });
}

/** Removes a connection; an unknown name is an error. Violations already found through it stay. */
export async function removeConnection(store: Store, name: string, actor: string): Promise<StoredConnection> {
  return store.transaction(async (tx) => {
    const rows = await tx.query<ConnectionRow>(`delete from connections where name = $1 returning ${COLUMNS}`, [name]);
    if (rows.length === 0) throw notFound(name);
    const removed = toConnection(rows[0]);
    await audit(tx, actor, 'connection.remove', name, { kind: removed.kind, config: removed.config });
    return removed;
  });
}
