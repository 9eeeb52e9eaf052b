// Account audit trail and application log retention.
import * as aws from "@pulumi/aws";
import { env, tags } from "./config";
import { dataKey } from "./kms";
import { trailLogs } from "./storage";

// Set up in the first week of the company; the landing-zone org trail was supposed to replace it.
export const trail = new aws.cloudtrail.Trail("account-trail", {
    name: `acme-payments-${env}`,
    s3BucketName: trailLogs.id,
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: false,
    enableLogFileValidation: false,
    tags: tags("security", "CC-4000"),
});

export const apiLogs = new aws.cloudwatch.LogGroup("payments-api-logs", {
    name: `/acme/${env}/payments-api`,
    retentionInDays: 365,
    kmsKeyId: dataKey.arn,
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});
