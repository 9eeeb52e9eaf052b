/** RDS instances. Misconfigured: unencrypted storage, publicly accessible, or ~no backups. */
import { made, secret, tagsFor, type UnitKind } from '../model.ts';

export const DB_INSTANCE = 'aws:rds/instance:Instance';

const PURPOSES = ['db', 'ledger-db', 'reporting-db', 'replica', 'analytics-db', 'orders-db'];
const ENGINES = [
  { engine: 'postgres', engineVersion: '16.4', port: 5432 },
  { engine: 'postgres', engineVersion: '14.12', port: 5432 },
  { engine: 'mysql', engineVersion: '8.0.39', port: 3306 },
];

export const rdsInstance: UnitKind = {
  id: 'rds-instance',
  weight: 3,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const name = `${service}-${rng.pick(PURPOSES)}-${n}`;
    const identifier = `${name}-${rng.alnum(7)}`;
    const engine = rng.pick(ENGINES);
    // A misconfigured instance has at least one problem, often several (the classic "BI copy").
    let unencrypted = false;
    let isPublic = false;
    let noBackups = false;
    if (violate) {
      const first = rng.int(0, 2);
      unencrypted = first === 0 || rng.chance(0.4);
      isPublic = first === 1 || rng.chance(0.3);
      noBackups = first === 2 || rng.chance(0.3);
    }
    const inputs: Record<string, unknown> = {
      __defaults: [],
      allocatedStorage: rng.pick([20, 100, 200, 500]),
      autoMinorVersionUpgrade: true,
      backupRetentionPeriod: noBackups ? rng.pick([0, 1]) : rng.pick([7, 14, 35]),
      dbName: service.replaceAll('-', '_'),
      dbSubnetGroupName: `${ctx.project}-${ctx.stack}-db`,
      deletionProtection: !violate,
      engine: engine.engine,
      engineVersion: engine.engineVersion,
      identifier,
      instanceClass: rng.pick(['db.t3.medium', 'db.r6g.large', 'db.m6g.large']),
      multiAz: !violate,
      publiclyAccessible: isPublic,
      skipFinalSnapshot: violate,
      storageEncrypted: !unencrypted,
      storageType: 'gp3',
      tags: tagsFor(ctx),
      username: `${service.replaceAll('-', '_')}_admin`,
      vpcSecurityGroupIds: [`sg-${rng.hex(17)}`],
    };
    if (!unencrypted) inputs.kmsKeyId = ctx.shared.kmsKeyArn;
    // Teams that got it right let RDS manage the master password; the others pass a secret.
    if (violate) inputs.password = secret(rng);
    else inputs.manageMasterUserPassword = true;
    const resourceId = `db-${rng.alnum(26, true)}`;
    const address = `${identifier}.${rng.alnum(12)}.${region}.rds.amazonaws.com`;
    return [
      made(
        DB_INSTANCE,
        name,
        identifier,
        inputs,
        {
          address,
          arn: `arn:aws:rds:${region}:${account}:db:${identifier}`,
          availabilityZone: `${region}a`,
          caCertIdentifier: 'rds-ca-rsa2048-g1',
          endpoint: `${address}:${engine.port}`,
          hostedZoneId: 'Z2R2ITUGPM61AM',
          port: engine.port,
          region,
          resourceId,
          status: 'available',
        },
        violate,
      ),
    ];
  },
};
