// Postgres: the ledger (system of record) and the analytics copy BI connects to.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { env, tags } from "./config";
import { dataKey } from "./kms";
import { dbSg, privateSubnetA, privateSubnetB } from "./network";

const dbSubnets = new aws.rds.SubnetGroup("db-subnets", {
    name: `acme-payments-${env}-db`,
    description: "private subnets for RDS",
    subnetIds: [privateSubnetA.id, privateSubnetB.id],
    tags: tags("data", "CC-3100"),
});

export const ledgerDb = new aws.rds.Instance("ledger-db", {
    identifier: `acme-payments-${env}-ledger`,
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: "db.r6g.large",
    allocatedStorage: 200,
    maxAllocatedStorage: 1000,
    storageType: "gp3",
    storageEncrypted: true,
    kmsKeyId: dataKey.arn,
    dbName: "ledger",
    username: "ledger_admin",
    manageMasterUserPassword: true,
    dbSubnetGroupName: dbSubnets.name,
    vpcSecurityGroupIds: [dbSg.id],
    publiclyAccessible: false,
    multiAz: true,
    backupRetentionPeriod: 14,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
    deletionProtection: true,
    copyTagsToSnapshot: true,
    iamDatabaseAuthenticationEnabled: true,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: dataKey.arn,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    autoMinorVersionUpgrade: true,
    finalSnapshotIdentifier: `acme-payments-${env}-ledger-final`,
    tags: tags("data", "CC-3100", { "data-classification": "pci" }),
});

// Restored from a ledger snapshot for the BI vendor's Looker trial; made public so their
// hosted instance could connect. TODO: move behind the PrivateLink endpoint (DATA-231).
export const analyticsDb = new aws.rds.Instance("analytics-db", {
    identifier: `acme-payments-${env}-analytics`,
    engine: "postgres",
    engineVersion: "14.12",
    instanceClass: "db.t3.medium",
    allocatedStorage: 100,
    storageType: "gp2",
    storageEncrypted: false,
    dbName: "analytics",
    username: "bi_admin",
    password: pulumi.secret("Wq7!rT2m-analytics-9xKp"),
    dbSubnetGroupName: dbSubnets.name,
    publiclyAccessible: true,
    backupRetentionPeriod: 1,
    skipFinalSnapshot: true,
    tags: tags("data", "CC-3150", { app: "bi" }),
});
