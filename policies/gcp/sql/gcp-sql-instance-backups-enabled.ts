/** Cloud SQL instances take automated backups. Read replicas are left alone: they cannot have their own. */
import { controls } from '../../lib/controls.ts';
import { DATABASE_INSTANCE, isReplica, type DatabaseInstanceProps } from '../../lib/gcp-sql.ts';
import { dig, setIn } from '../../lib/k8s-workload.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function backupsOff(props: Record<string, unknown>): boolean {
  const enabled = dig(props, 'settings', 'backupConfiguration', 'enabled');
  return !isReplica(props) && !isSecret(enabled) && flag(enabled) !== true;
}

export const gcpSqlInstanceBackupsEnabled = tokenRule<DatabaseInstanceProps>({
  id: 'gcp-sql-instance-backups-enabled',
  title: 'Cloud SQL instances have automated backups enabled',
  severity: 'medium',
  rationale:
    'Without automated backups a dropped table, a corrupting bug or a deleted instance loses everything since the last manual export, and point-in-time recovery is impossible.',
  remediation: 'Set settings.backupConfiguration.enabled to true (and pointInTimeRecoveryEnabled for PostgreSQL, binaryLogEnabled for MySQL, to restore to any moment).',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resourceType: DATABASE_INSTANCE,
  validate(props, _args, report) {
    if (!backupsOff(props)) return;
    const enabled = dig(props, 'settings', 'backupConfiguration', 'enabled');
    report(`Cloud SQL instance takes no automated backups: settings.backupConfiguration.enabled is ${shown(enabled)}`);
  },
  remediate(props) {
    if (!backupsOff(props)) return undefined;
    const backup = record(dig(props, 'settings', 'backupConfiguration')) ?? {};
    return setIn(props, ['settings', 'backupConfiguration'], { ...backup, enabled: true });
  },
  examples: {
    pass: [
      {
        type: DATABASE_INSTANCE,
        name: 'orders',
        props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680', backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true } } },
      },
      { type: DATABASE_INSTANCE, name: 'orders-replica', props: { databaseVersion: 'POSTGRES_16', masterInstanceName: 'orders', settings: { tier: 'db-custom-2-7680' } } },
    ],
    fail: [
      { type: DATABASE_INSTANCE, name: 'orders', props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680' } } },
      { type: DATABASE_INSTANCE, name: 'reports', props: { databaseVersion: 'MYSQL_8_0', settings: { tier: 'db-n1-standard-1', backupConfiguration: { enabled: false } } } },
    ],
  },
});
