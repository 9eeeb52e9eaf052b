// Customer-managed keys. The data key encrypts everything that holds cardholder data.
import * as aws from "@pulumi/aws";
import { env, tags } from "./config";

export const dataKey = new aws.kms.Key("payments-data-key", {
    description: `acme-payments ${env}: cardholder data at rest (S3, EBS, RDS)`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    tags: tags("security", "CC-4000", { "data-classification": "pci" }),
});

new aws.kms.Alias("payments-data-key-alias", {
    name: `alias/acme-payments-${env}-data`,
    targetKeyId: dataKey.keyId,
});

// Used by the old settlement app to encrypt SFTP credentials. Rotation was switched off because
// the app caches the key material id (SETTLE-88); nobody has revisited it since.
export const legacyAppKey = new aws.kms.Key("settlement-legacy-key", {
    description: "settlement-batch SFTP credentials",
    enableKeyRotation: false,
    deletionWindowInDays: 7,
    tags: tags("payments", "CC-2300", { app: "settlement-batch" }),
});
