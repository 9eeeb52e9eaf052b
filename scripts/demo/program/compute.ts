// EC2: the payments API hosts and the old settlement batch worker.
import * as aws from "@pulumi/aws";
import { tags } from "./config";
import { apiInstanceProfile } from "./iam";
import { dataKey } from "./kms";
import { appSg, bastionSg, privateSubnetA, publicSubnetA } from "./network";

// Amazon Linux 2023, pinned (the golden-AMI pipeline bumps this).
const al2023Ami = "ami-0c7217cdde317cfec";

export const apiHost = new aws.ec2.Instance("payments-api-1", {
    ami: al2023Ami,
    instanceType: "m6i.large",
    subnetId: privateSubnetA.id,
    vpcSecurityGroupIds: [appSg.id],
    iamInstanceProfile: apiInstanceProfile.name,
    monitoring: true,
    ebsOptimized: true,
    metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
    },
    rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: 30,
        encrypted: true,
        kmsKeyId: dataKey.arn,
    },
    tags: tags("payments", "CC-2300", { Name: "payments-api-1", app: "payments-api" }),
});

// Built by hand in 2021 and imported; still runs the nightly settlement job.
export const batchWorker = new aws.ec2.Instance("settlement-batch", {
    ami: "ami-0b5eea76982371e91",
    instanceType: "t3.large",
    subnetId: publicSubnetA.id,
    vpcSecurityGroupIds: [bastionSg.id],
    associatePublicIpAddress: true,
    keyName: "ops-2021",
    rootBlockDevice: {
        volumeType: "gp2",
        volumeSize: 50,
    },
    tags: tags("payments", "CC-2300", { Name: "settlement-batch", app: "settlement-batch" }),
});

export const apiData = new aws.ebs.Volume("payments-api-data", {
    availabilityZone: "us-east-1a",
    size: 100,
    type: "gp3",
    encrypted: true,
    kmsKeyId: dataKey.arn,
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

// Scratch disk for settlement file staging.
export const batchScratch = new aws.ebs.Volume("settlement-scratch", {
    availabilityZone: "us-east-1a",
    size: 200,
    type: "gp2",
    encrypted: false,
    tags: tags("payments", "CC-2300", { app: "settlement-batch" }),
});
