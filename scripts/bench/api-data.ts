/**
 * Synthetic backlog for the API benchmark, written with set-based SQL (generate_series) straight
 * into a fresh database: N violations over the real policy library (so framework filters and
 * compliance joins mean what they mean in production), their resources, a year of scans with
 * their burndown points, and some audit rows. The mix is deterministic (no random()): statuses
 * ~70% open, 10% assigned, 8% resolved, 5% suppressed, the rest in flight; due dates follow the
 * default SLAs from a detection date spread over the last year, so many are breached.
 */
import type { Store } from '../../src/db/store.ts';

export interface BacklogShape {
  violations: number;
  /** Resources the violations sit on (several violations per resource, as in real estates). */
  resources: number;
  scans: number;
}

export async function generateBacklog(store: Store, shape: BacklogShape): Promise<void> {
  await store.query(
    `insert into resources (key, scope, type, native_type, name, provider, account, region, role, source, props, tags, iac, first_seen_scan, last_seen_scan)
     select 'bench:' || j, 'pulumi:acme/stack' || (j % 200), 'aws:s3/bucket:Bucket', 'aws:s3/bucket:Bucket', 'res-' || j, 'aws',
       '1234567890' || lpad((j % 50)::text, 2, '0'), 'eu-west-1', 'custom', 'bench', '{}', '{}',
       jsonb_build_object('kind', 'pulumi', 'repo', 'acme/repo' || (j % 20), 'stack', 'prod', 'path', 'index.ts', 'line', 1 + j % 400), 1, $2
     from generate_series(0, $1 - 1) as j`,
    [shape.resources, shape.scans],
  );
  await store.query(
    `with p as (
       select array_agg(id order by id) as ids, array_agg(severity order by id) as sevs,
         array_agg(coalesce(resource_types->>0, 'aws:s3/bucket:Bucket') order by id) as types, count(*)::int as n
       from policies),
     g as (
       -- hashint4 spreads policies and statuses independently of the resource (and so of its account and scope).
       select i, abs(hashint4(i) % 1000) as r, p.ids[1 + abs(hashint4(-i) % p.n)] as policy_id, p.sevs[1 + abs(hashint4(-i) % p.n)] as severity,
         p.types[1 + abs(hashint4(-i) % p.n)] as rtype,
         now() - make_interval(days => ((i::bigint * 7907) % 365)::int, secs => i % 86400) as created
       from generate_series(1, $1) as i, p)
     insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, account, severity, status, message, assignee,
       due_at, first_seen_scan, last_seen_scan, resolved_at, resolved_how, created_at, updated_at)
     select md5('bench' || i), policy_id, 'bench:' || (i % $2), 'pulumi:acme/stack' || ((i % $2) % 200), rtype,
       '1234567890' || lpad(((i % $2) % 50)::text, 2, '0'), severity,
       case when r < 700 then 'open' when r < 800 then 'assigned' when r < 880 then 'resolved' when r < 930 then 'suppressed'
            when r < 960 then 'needs_human' when r < 980 then 'fix_proposed' when r < 990 then 'queued' else 'failed' end,
       'synthetic violation ' || i,
       case when r >= 700 and r < 800 then 'team-' || (i % 30) else null end,
       created + make_interval(days => case severity when 'critical' then 7 when 'high' then 30 when 'medium' then 90 else 180 end),
       1 + i % $3, $3,
       case when r >= 800 and r < 880 then created + interval '20 days' else null end,
       case when r >= 800 and r < 880 then 'passing' else null end,
       created, created
     from g`,
    [shape.violations, shape.resources, shape.scans],
  );
  // A year of nightly-ish scans whose open count falls as the backlog burns down.
  await store.query(
    `insert into scans (trigger, sources, packs, status, started_at, finished_at, counts)
     select 'schedule', '["connection:production-aws"]', '[]', 'succeeded',
       now() - make_interval(days => ($1 - s) * 365 / $1), now() - make_interval(days => ($1 - s) * 365 / $1, mins => -5),
       jsonb_build_object('counts', jsonb_build_object('new', 1000 + s * 10, 'resolved', 2000 + s * 5, 'reopened', s, 'open', $2::int))
     from generate_series(1, $1) as s`,
    [shape.scans, shape.violations],
  );
  await store.query(
    `insert into backlog_snapshots (scan_id, at, open, by_severity)
     select s.id, s.finished_at, o.open, jsonb_build_object('critical', o.open / 10, 'high', o.open / 4, 'medium', o.open / 3, 'low', o.open - o.open / 10 - o.open / 4 - o.open / 3)
     from scans s, lateral (select ($1::int * (2.0 - s.id::numeric / $2) / 1.2)::int as open) o`,
    [shape.violations, shape.scans],
  );
  await store.query(
    `insert into audit_log (at, actor, action, target, details)
     select now() - make_interval(mins => k), 'cli:bench', 'violations.assign', 'team-' || (k % 30), '{"changed": 100}'
     from generate_series(1, 10000) as k`,
  );
  // Fresh statistics and visibility maps: what autovacuum gives a real database after a load.
  await store.query('vacuum analyze violations');
  await store.query('vacuum analyze resources');
  await store.query('analyze');
}
