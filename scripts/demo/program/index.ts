// acme-payments: the AWS infrastructure of Acme Payments' card-processing platform.
//
// This is the demo estate for `sweep demo`: a small, realistic team repo grown over a few years,
// with the usual drift between what the wiki says and what is deployed. Some resources are done
// right (the ledger database, the receipts bucket, the API host) and some carry the mistakes real
// estates carry (world-open SSH/RDP, a public unencrypted database, unencrypted EBS, IMDSv1, a
// wildcard IAM policy, KMS rotation off, a single-region trail without log validation, buckets
// missing their encryption / public-access-block companions, a weak password policy).
// sweep finds them, fixes them in this code, and verifies the fixes under Pulumi mocks.
//
// Layout: config.ts (tags, account), network.ts, kms.ts, storage.ts, audit.ts, iam.ts,
// compute.ts, database.ts. Each resource is declared once, with `new`, where it lives.
import { trail } from "./audit";
import { apiHost } from "./compute";
import { analyticsDb, ledgerDb } from "./database";
import { receipts } from "./storage";
import { vpc } from "./network";

export const vpcId = vpc.id;
export const receiptsBucket = receipts.bucket;
export const ledgerEndpoint = ledgerDb.endpoint;
export const analyticsEndpoint = analyticsDb.endpoint;
export const apiPrivateIp = apiHost.privateIp;
export const trailArn = trail.arn;
