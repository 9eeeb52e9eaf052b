// Network: one VPC per environment, two public subnets for the load balancer and the bastion,
// two private subnets for the API and the databases.
import * as aws from "@pulumi/aws";
import { env, tags, vpnCidr } from "./config";

export const vpc = new aws.ec2.Vpc("main-vpc", {
    cidrBlock: "10.40.0.0/16",
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-vpc` }),
});

const igw = new aws.ec2.InternetGateway("main-igw", {
    vpcId: vpc.id,
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-igw` }),
});

export const publicSubnetA = new aws.ec2.Subnet("public-a", {
    vpcId: vpc.id,
    cidrBlock: "10.40.0.0/24",
    availabilityZone: "us-east-1a",
    mapPublicIpOnLaunch: true,
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-public-a`, tier: "public" }),
});

export const publicSubnetB = new aws.ec2.Subnet("public-b", {
    vpcId: vpc.id,
    cidrBlock: "10.40.1.0/24",
    availabilityZone: "us-east-1b",
    mapPublicIpOnLaunch: true,
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-public-b`, tier: "public" }),
});

export const privateSubnetA = new aws.ec2.Subnet("private-a", {
    vpcId: vpc.id,
    cidrBlock: "10.40.10.0/24",
    availabilityZone: "us-east-1a",
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-private-a`, tier: "private" }),
});

export const privateSubnetB = new aws.ec2.Subnet("private-b", {
    vpcId: vpc.id,
    cidrBlock: "10.40.11.0/24",
    availabilityZone: "us-east-1b",
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-private-b`, tier: "private" }),
});

const publicRoutes = new aws.ec2.RouteTable("public-rt", {
    vpcId: vpc.id,
    routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
    tags: tags("platform", "CC-1100", { Name: `acme-${env}-public-rt` }),
});

new aws.ec2.RouteTableAssociation("public-a-rt", {
    subnetId: publicSubnetA.id,
    routeTableId: publicRoutes.id,
});

new aws.ec2.RouteTableAssociation("public-b-rt", {
    subnetId: publicSubnetB.id,
    routeTableId: publicRoutes.id,
});

// --- Security groups -------------------------------------------------------------------------

// Bastion for on-call SSH. TODO(PLAT-412): move to SSM Session Manager and delete this.
// Opened to the world during the 2023 VPN outage and never closed again.
export const bastionSg = new aws.ec2.SecurityGroup("bastion-sg", {
    vpcId: vpc.id,
    description: "SSH access to the bastion host",
    ingress: [
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "ssh" },
    ],
    egress: [
        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
    ],
    tags: tags("platform", "CC-1100"),
});

// Windows jump box used by the reconciliation team for the legacy bank-file tooling.
export const windowsJumpSg = new aws.ec2.SecurityGroup("windows-jump-sg", {
    vpcId: vpc.id,
    description: "RDP for the reconciliation jump box",
    ingress: [
        { protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"], description: "rdp from anywhere" },
    ],
    egress: [
        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
    ],
    tags: tags("payments", "CC-2300", { app: "recon-jumpbox" }),
});

// Public HTTPS only; TLS terminates on the ALB.
export const albSg = new aws.ec2.SecurityGroup("alb-sg", {
    vpcId: vpc.id,
    description: "Public HTTPS to the payments ALB",
    ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "https" },
    ],
    egress: [
        { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.40.0.0/16"], description: "to the api" },
    ],
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

export const appSg = new aws.ec2.SecurityGroup("app-sg", {
    vpcId: vpc.id,
    description: "payments-api instances: traffic from the ALB only",
    ingress: [
        { protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: [albSg.id], description: "from alb" },
    ],
    egress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "outbound https (PSP APIs)" },
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.40.10.0/23"], description: "postgres" },
    ],
    tags: tags("payments", "CC-2300", { app: "payments-api" }),
});

export const dbSg = new aws.ec2.SecurityGroup("db-sg", {
    vpcId: vpc.id,
    description: "Postgres from the app tier",
    ingress: [
        { protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [appSg.id], description: "from app-sg" },
    ],
    tags: tags("data", "CC-3100"),
});

// Ops SSH onto the app tier, from the VPN only.
new aws.vpc.SecurityGroupIngressRule("app-ssh-from-vpn", {
    securityGroupId: appSg.id,
    ipProtocol: "tcp",
    fromPort: 22,
    toPort: 22,
    cidrIpv4: vpnCidr,
    description: "ssh from corporate VPN",
    tags: tags("platform", "CC-1100"),
});

// INC-2291: added so the vendor could debug the card-tokenizer box. "Temporary".
new aws.vpc.SecurityGroupIngressRule("app-ssh-vendor-debug", {
    securityGroupId: appSg.id,
    ipProtocol: "tcp",
    fromPort: 22,
    toPort: 22,
    cidrIpv4: "0.0.0.0/0",
    description: "vendor debugging INC-2291",
    tags: tags("payments", "CC-2300"),
});
