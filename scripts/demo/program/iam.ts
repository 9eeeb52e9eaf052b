// IAM: the API's instance role, the CI deployer, and the account password policy.
import * as aws from "@pulumi/aws";
import { accountId, env, region, tags } from "./config";
import { receipts } from "./storage";

// Read-only access to receipts for the payments API; nothing else.
export const receiptsReadPolicy = new aws.iam.Policy("receipts-read", {
    name: `acme-payments-${env}-receipts-read`,
    description: "payments-api: read receipts and write its own log streams",
    policy: {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadReceipts",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:ListBucket"],
                Resource: [receipts.arn, receipts.arn.apply(arn => `${arn}/*`)],
            },
            {
                Sid: "WriteLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`arn:aws:logs:${region}:${accountId}:log-group:/acme/${env}/payments-api:*`],
            },
        ],
    },
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

// Used by the GitHub Actions deployer. Scoped "for now" to get the first release out (PLAT-97).
export const ciDeployPolicy = new aws.iam.Policy("ci-deploy", {
    name: `acme-payments-${env}-ci-deploy`,
    description: "GitHub Actions deploy role",
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    }),
    tags: tags("platform", "CC-1100", { app: "ci" }),
});

export const apiRole = new aws.iam.Role("payments-api-role", {
    name: `acme-payments-${env}-api`,
    description: "Instance role for payments-api hosts",
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
        }],
    }),
    maxSessionDuration: 3600,
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

new aws.iam.RolePolicyAttachment("payments-api-receipts-read", {
    role: apiRole.name,
    policyArn: receiptsReadPolicy.arn,
});

export const apiInstanceProfile = new aws.iam.InstanceProfile("payments-api-profile", {
    name: `acme-payments-${env}-api`,
    role: apiRole.name,
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

// Account-wide. Copied from an old wiki page; CIS asks for 14+ characters.
new aws.iam.AccountPasswordPolicy("password-policy", {
    minimumPasswordLength: 8,
    requireLowercaseCharacters: true,
    requireUppercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: false,
    allowUsersToChangePassword: true,
    maxPasswordAge: 0,
    passwordReusePrevention: 0,
});
