/**
 * Types no rule in the estate's misconfiguration set looks at: they make the estate realistic
 * (most of a real stack is plumbing) and cost the engine only a type lookup. All are declared
 * cleanly (private subnets, log retention, traced lambdas) so broader rule packs stay quiet too.
 */
import { made, tagsFor, type UnitKind } from '../model.ts';

export const SUBNET = 'aws:ec2/subnet:Subnet';
export const ROUTE_TABLE = 'aws:ec2/routeTable:RouteTable';
export const ROUTE_TABLE_ASSOCIATION = 'aws:ec2/routeTableAssociation:RouteTableAssociation';
export const LAMBDA_FUNCTION = 'aws:lambda/function:Function';
export const IAM_ROLE = 'aws:iam/role:Role';
export const LOG_GROUP = 'aws:cloudwatch/logGroup:LogGroup';
export const KMS_ALIAS = 'aws:kms/alias:Alias';

function single(id: string, weight: number, build: UnitKind['build']): UnitKind {
  return { id, weight, goodSize: 1, badSize: 1, badViolating: 0, maxSize: 1, build };
}

export const subnet = single('subnet', 5, (ctx, { service, n }) => {
  const { rng, region, account } = ctx;
  const id = `subnet-${rng.hex(17)}`;
  const cidrBlock = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`;
  return [
    made(
      SUBNET,
      `${service}-private-${n}`,
      id,
      { __defaults: [], availabilityZone: rng.pick(ctx.shared.azs), cidrBlock, mapPublicIpOnLaunch: false, tags: tagsFor(ctx, { tier: 'private' }), vpcId: ctx.shared.vpcId },
      { arn: `arn:aws:ec2:${region}:${account}:subnet/${id}`, assignIpv6AddressOnCreation: false, ownerId: account, privateDnsHostnameTypeOnLaunch: 'ip-name', region },
    ),
  ];
});

export const routeTable = single('route-table', 3, (ctx, { service, n }) => {
  const { rng, region, account } = ctx;
  const id = `rtb-${rng.hex(17)}`;
  const routes = [{ cidrBlock: '0.0.0.0/0', natGatewayId: `nat-${rng.hex(17)}` }];
  return [
    made(
      ROUTE_TABLE,
      `${service}-private-rt-${n}`,
      id,
      { __defaults: [], routes, tags: tagsFor(ctx), vpcId: ctx.shared.vpcId },
      { arn: `arn:aws:ec2:${region}:${account}:route-table/${id}`, ownerId: account, propagatingVgws: [], region },
    ),
  ];
});

export const routeTableAssociation = single('route-table-association', 4, (ctx, { service, n }) => {
  const { rng, region } = ctx;
  const id = `rtbassoc-${rng.hex(17)}`;
  return [
    made(
      ROUTE_TABLE_ASSOCIATION,
      `${service}-rta-${n}`,
      id,
      { __defaults: [], routeTableId: `rtb-${rng.hex(17)}`, subnetId: rng.pick(ctx.shared.subnetIds) },
      { gatewayId: '', region },
    ),
  ];
});

export const lambdaFunction = single('lambda-function', 5, (ctx, { service, n }) => {
  const { rng, region, account } = ctx;
  const name = `${service}-${rng.pick(['handler', 'consumer', 'webhook', 'cron', 'resizer'])}-${n}`;
  const physical = `${name}-${rng.alnum(7)}`;
  const arn = `arn:aws:lambda:${region}:${account}:function:${physical}`;
  return [
    made(
      LAMBDA_FUNCTION,
      name,
      physical,
      {
        __defaults: ['name'],
        architectures: ['arm64'],
        handler: 'index.handler',
        memorySize: rng.pick([128, 256, 512, 1024]),
        name: physical,
        role: `arn:aws:iam::${account}:role/${service}-lambda`,
        runtime: 'nodejs20.x',
        s3Bucket: `${ctx.project}-artifacts`,
        s3Key: `${service}/${rng.hex(12)}.zip`,
        tags: tagsFor(ctx),
        timeout: rng.pick([10, 30, 60]),
        tracingConfig: { mode: 'Active' },
      },
      {
        arn,
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        lastModified: '2025-01-14T09:12:44.000+0000',
        packageType: 'Zip',
        qualifiedArn: `${arn}:$LATEST`,
        region,
        sourceCodeHash: rng.alnum(43),
        version: '$LATEST',
      },
    ),
  ];
});

export const iamRole = single('iam-role', 5, (ctx, { service, n }) => {
  const { rng, account } = ctx;
  const name = `${service}-${rng.pick(['lambda', 'task', 'app', 'ci'])}-role-${n}`;
  const physical = `${name}-${rng.alnum(7)}`;
  const assumeRolePolicy = JSON.stringify({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: rng.pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']) } }],
    Version: '2012-10-17',
  });
  return [
    made(
      IAM_ROLE,
      name,
      physical,
      { __defaults: ['name'], assumeRolePolicy, forceDetachPolicies: false, maxSessionDuration: 3600, name: physical, path: '/', tags: tagsFor(ctx) },
      { arn: `arn:aws:iam::${account}:role/${physical}`, createDate: '2024-06-03T10:21:07Z', managedPolicyArns: [], uniqueId: `AROA${rng.alnum(17, true)}` },
    ),
  ];
});

export const logGroup = single('log-group', 3, (ctx, { service, n }) => {
  const { rng, region, account } = ctx;
  const name = `/aws/lambda/${service}-${n}`;
  return [
    made(
      LOG_GROUP,
      `${service}-logs-${n}`,
      name,
      { __defaults: [], kmsKeyId: ctx.shared.kmsKeyArn, name, retentionInDays: rng.pick([90, 365, 400]), skipDestroy: false, tags: tagsFor(ctx) },
      { arn: `arn:aws:logs:${region}:${account}:log-group:${name}`, logGroupClass: 'STANDARD', namePrefix: '', region },
    ),
  ];
});

export const kmsAlias = single('kms-alias', 2, (ctx, { service, n }) => {
  const { rng, region, account } = ctx;
  const name = `alias/${ctx.project}-${service}-${n}`;
  const targetKeyId = rng.uuid();
  return [
    made(
      KMS_ALIAS,
      `${service}-alias-${n}`,
      name,
      { __defaults: [], name, targetKeyId },
      { arn: `arn:aws:kms:${region}:${account}:${name}`, namePrefix: '', region, targetKeyArn: `arn:aws:kms:${region}:${account}:key/${targetKeyId}` },
    ),
  ];
});
