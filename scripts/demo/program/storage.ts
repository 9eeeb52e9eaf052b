// S3. With @pulumi/aws v7 the bucket only owns its name and tags: encryption, versioning,
// public-access blocks and access logging are separate resources next to it.
import * as aws from "@pulumi/aws";
import { env, tags } from "./config";
import { dataKey } from "./kms";

// Target for S3 server access logs of every other bucket.
export const accessLogs = new aws.s3.Bucket("access-logs", {
    bucket: `acme-payments-${env}-access-logs`,
    forceDestroy: false,
    tags: tags("security", "CC-4000"),
});

new aws.s3.BucketServerSideEncryptionConfiguration("access-logs-sse", {
    bucket: accessLogs.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

new aws.s3.BucketPublicAccessBlock("access-logs-pab", {
    bucket: accessLogs.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

new aws.s3.BucketVersioning("access-logs-versioning", {
    bucket: accessLogs.id,
    versioningConfiguration: { status: "Enabled" },
});

// Receipts and settlement files: PCI scope, the one everybody copies from.
export const receipts = new aws.s3.Bucket("receipts", {
    bucket: `acme-payments-${env}-receipts`,
    tags: tags("payments", "CC-2300", { "data-classification": "pci" }),
});

new aws.s3.BucketServerSideEncryptionConfiguration("receipts-sse", {
    bucket: receipts.id,
    rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: dataKey.arn },
        bucketKeyEnabled: true,
    }],
});

new aws.s3.BucketVersioning("receipts-versioning", {
    bucket: receipts.id,
    versioningConfiguration: { status: "Enabled" },
});

new aws.s3.BucketPublicAccessBlock("receipts-pab", {
    bucket: receipts.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

new aws.s3.BucketLogging("receipts-logging", {
    bucket: receipts.id,
    targetBucket: accessLogs.id,
    targetPrefix: "receipts/",
});

// CloudTrail delivery bucket (the bucket policy lives in the landing-zone repo).
export const trailLogs = new aws.s3.Bucket("cloudtrail-logs", {
    bucket: `acme-payments-${env}-cloudtrail`,
    tags: tags("security", "CC-4000"),
});

new aws.s3.BucketServerSideEncryptionConfiguration("cloudtrail-logs-sse", {
    bucket: trailLogs.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

new aws.s3.BucketPublicAccessBlock("cloudtrail-logs-pab", {
    bucket: trailLogs.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

// Marketing site assets. Growth owns it; "it's only images".
export const marketingAssets = new aws.s3.Bucket("marketing-assets", {
    bucket: `acme-payments-${env}-marketing-assets`,
    tags: tags("growth", "CC-5200", { app: "www" }),
});

// Nightly CSV exports for finance. Versioned so a bad export can be rolled back,
// but encryption and the public-access block were never added.
export const dataExports = new aws.s3.Bucket("data-exports", {
    bucket: `acme-payments-${env}-data-exports`,
    tags: tags("data", "CC-3100", { "data-classification": "confidential" }),
});

new aws.s3.BucketVersioning("data-exports-versioning", {
    bucket: dataExports.id,
    versioningConfiguration: { status: "Enabled" },
});

// Scratch space for the fraud-model notebooks.
export const mlScratch = new aws.s3.Bucket("ml-scratch", {
    bucket: `acme-payments-${env}-ml-scratch`,
    forceDestroy: true,
    tags: tags("data", "CC-3150", { project: "fraud-model" }),
});
