/**
 * The Terraform → Pulumi type table checked against @pulumi/aws's own declarations: every token is
 * a real resource, every block named in the table is a property of that resource (or of the nested
 * input type it sits in) with the shape the table claims (object for `MaxItems: 1`, list otherwise),
 * and every attribute of the fixture states lands on a property Pulumi knows.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import type { SourceDocument } from '../../src/sources/resource.ts';
import {
  createTokenResolver,
  readTerraformState,
  tokenCandidates,
  TYPE_TABLE,
  type BlockShape,
} from '../../src/sources/terraform-state/index.ts';
import { snakeToCamel } from '../../src/sources/terraform-state/names.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sdk = dirname(createRequire(import.meta.url).resolve('@pulumi/aws/package.json'));
const inputTypes = readFileSync(join(sdk, 'types/input.d.ts'), 'utf8');

/** The Terraform resource type behind each Pulumi type the policy library reads. */
const TERRAFORM_TYPE_OF: Record<string, string> = {
  'aws:apigateway/domainName:DomainName': 'aws_api_gateway_domain_name',
  'aws:apigateway/methodSettings:MethodSettings': 'aws_api_gateway_method_settings',
  'aws:apigateway/stage:Stage': 'aws_api_gateway_stage',
  'aws:apigatewayv2/stage:Stage': 'aws_apigatewayv2_stage',
  'aws:cfg/recorder:Recorder': 'aws_config_configuration_recorder',
  'aws:cfg/recorderStatus:RecorderStatus': 'aws_config_configuration_recorder_status',
  'aws:cloudfront/distribution:Distribution': 'aws_cloudfront_distribution',
  'aws:cloudtrail/trail:Trail': 'aws_cloudtrail',
  'aws:cloudwatch/logDeliverySource:LogDeliverySource': 'aws_cloudwatch_log_delivery_source',
  'aws:cloudwatch/logGroup:LogGroup': 'aws_cloudwatch_log_group',
  'aws:dynamodb/table:Table': 'aws_dynamodb_table',
  'aws:ebs/encryptionByDefault:EncryptionByDefault': 'aws_ebs_encryption_by_default',
  'aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess': 'aws_ebs_snapshot_block_public_access',
  'aws:ebs/volume:Volume': 'aws_ebs_volume',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup': 'aws_default_security_group',
  'aws:ec2/defaultVpc:DefaultVpc': 'aws_default_vpc',
  'aws:ec2/flowLog:FlowLog': 'aws_flow_log',
  'aws:ec2/instance:Instance': 'aws_instance',
  'aws:ec2/launchTemplate:LaunchTemplate': 'aws_launch_template',
  'aws:ec2/networkAcl:NetworkAcl': 'aws_network_acl',
  'aws:ec2/networkAclRule:NetworkAclRule': 'aws_network_acl_rule',
  'aws:ec2/securityGroup:SecurityGroup': 'aws_security_group',
  'aws:ec2/vpc:Vpc': 'aws_vpc',
  'aws:ecr/repository:Repository': 'aws_ecr_repository',
  'aws:efs/fileSystem:FileSystem': 'aws_efs_file_system',
  'aws:eks/cluster:Cluster': 'aws_eks_cluster',
  'aws:elasticache/replicationGroup:ReplicationGroup': 'aws_elasticache_replication_group',
  'aws:guardduty/detector:Detector': 'aws_guardduty_detector',
  'aws:iam/accountPasswordPolicy:AccountPasswordPolicy': 'aws_iam_account_password_policy',
  'aws:iam/policy:Policy': 'aws_iam_policy',
  'aws:iam/policyAttachment:PolicyAttachment': 'aws_iam_policy_attachment',
  'aws:iam/rolePolicy:RolePolicy': 'aws_iam_role_policy',
  'aws:iam/user:User': 'aws_iam_user',
  'aws:iam/userPolicy:UserPolicy': 'aws_iam_user_policy',
  'aws:iam/userPolicyAttachment:UserPolicyAttachment': 'aws_iam_user_policy_attachment',
  'aws:kms/key:Key': 'aws_kms_key',
  'aws:lambda/function:Function': 'aws_lambda_function',
  'aws:lambda/functionUrl:FunctionUrl': 'aws_lambda_function_url',
  'aws:lb/listener:Listener': 'aws_lb_listener',
  'aws:lb/loadBalancer:LoadBalancer': 'aws_lb',
  'aws:opensearch/domain:Domain': 'aws_opensearch_domain',
  'aws:rds/cluster:Cluster': 'aws_rds_cluster',
  'aws:rds/instance:Instance': 'aws_db_instance',
  'aws:redshift/cluster:Cluster': 'aws_redshift_cluster',
  'aws:redshift/parameterGroup:ParameterGroup': 'aws_redshift_parameter_group',
  'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock': 'aws_s3_account_public_access_block',
  'aws:s3/bucket:Bucket': 'aws_s3_bucket',
  'aws:s3/bucketLogging:BucketLogging': 'aws_s3_bucket_logging',
  'aws:s3/bucketPolicy:BucketPolicy': 'aws_s3_bucket_policy',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': 'aws_s3_bucket_public_access_block',
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration':
    'aws_s3_bucket_server_side_encryption_configuration',
  'aws:s3/bucketVersioning:BucketVersioning': 'aws_s3_bucket_versioning',
  'aws:secretsmanager/secret:Secret': 'aws_secretsmanager_secret',
  'aws:secretsmanager/secretRotation:SecretRotation': 'aws_secretsmanager_secret_rotation',
  'aws:sns/topic:Topic': 'aws_sns_topic',
  'aws:sqs/queue:Queue': 'aws_sqs_queue',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'aws_vpc_security_group_ingress_rule',
};

/** Older Pulumi names of S3 resources (V2 aliases): no Terraform type of their own. */
const PULUMI_ONLY: ReadonlySet<string> = new Set([
  'aws:s3/bucketV2:BucketV2',
  'aws:s3/bucketLoggingV2:BucketLoggingV2',
  'aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2',
  'aws:s3/bucketVersioningV2:BucketVersioningV2',
]);

/** `aws:ec2/instance:Instance` → `ec2`, `instance`, `Instance`. */
function partsOf(token: string): { module: string; file: string; name: string } {
  const match = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(token);
  if (!match) throw new Error(`not an aws token: ${token}`);
  return { module: match[1], file: match[2], name: match[3] };
}

/**
 * Property name → first line of its type, from an `interface <name> {` block of declaration text:
 * top-level (`export interface`, members indented 4) or in a namespace (indented 4, members 8).
 */
function interfaceProperties(text: string, name: string, nested = false): Map<string, string> {
  const indent = nested ? '    ' : '';
  const start = text.indexOf(`${nested ? indent : 'export '}interface ${name} {`);
  if (start < 0) throw new Error(`no interface ${name}`);
  const end = text.indexOf(`\n${indent}}`, start);
  const properties = new Map<string, string>();
  const line = new RegExp(`^${indent}    (?:readonly )?([A-Za-z0-9_]+)\\??: (.*)$`);
  for (const row of text.slice(start, end).split('\n')) {
    const match = line.exec(row);
    if (match) properties.set(match[1], match[2]);
  }
  return properties;
}

function resourceDeclarations(token: string): string {
  const { module, file } = partsOf(token);
  return readFileSync(join(sdk, module, `${file}.d.ts`), 'utf8');
}

function nestedProperties(type: string): Map<string, string> {
  const match = /inputs\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)/.exec(type);
  if (!match) throw new Error(`no nested input type in ${type}`);
  const namespace = inputTypes.indexOf(`export declare namespace ${match[1]} {`);
  return interfaceProperties(inputTypes.slice(namespace), match[2], true);
}

function checkBlocks(where: string, properties: Map<string, string>, blocks: Readonly<Record<string, BlockShape>>): void {
  for (const [terraformName, shape] of Object.entries(blocks)) {
    const name = shape.name ?? snakeToCamel(terraformName);
    const type = properties.get(name);
    expect(type, `${where}.${name} (from ${terraformName})`).toBeDefined();
    if (shape.single === undefined && !shape.blocks && !type!.includes('inputs.')) continue; // a renamed attribute
    const isList = type!.includes('[]');
    expect(isList, `${where}.${name} is ${shape.single ? 'an object' : 'a list'}: ${type}`).toBe(!shape.single);
    if (shape.blocks) checkBlocks(`${where}.${name}`, nestedProperties(type!), shape.blocks);
  }
}

describe('terraform-state type table', () => {
  it('maps to real @pulumi/aws resources', () => {
    for (const [terraformType, mapping] of Object.entries(TYPE_TABLE)) {
      const { module, file } = partsOf(mapping.token);
      const js = readFileSync(join(sdk, module, `${file}.js`), 'utf8');
      expect(js, terraformType).toContain(`__pulumiType = '${mapping.token}'`);
    }
  });

  it('names blocks as Pulumi does, with the right shape, at every depth', () => {
    for (const [terraformType, mapping] of Object.entries(TYPE_TABLE)) {
      if (!mapping.blocks) continue;
      const { name } = partsOf(mapping.token);
      // State holds inputs and outputs: computed blocks (`master_user_secret`) are outputs only.
      checkBlocks(terraformType, interfaceProperties(resourceDeclarations(mapping.token), `${name}State`), mapping.blocks);
    }
  });

  it('maps a Terraform type to every AWS resource type a policy reads', () => {
    const resolve = createTokenResolver();
    for (const [token, terraformType] of Object.entries(TERRAFORM_TYPE_OF)) {
      expect(TYPE_TABLE[terraformType]?.token ?? resolve(terraformType), terraformType).toBe(token);
    }
    // A rule over a new AWS type fails here until its Terraform type is listed above (and, when
    // the aws_<module>_<name> rule cannot spell its token or its blocks differ, in type-table.ts).
    const read = new Set(rules.flatMap((rule) => rule.resourceTypes).filter((type) => type.startsWith('aws:')));
    const unlisted = [...read].filter((type) => !(type in TERRAFORM_TYPE_OF) && !PULUMI_ONLY.has(type));
    expect(unlisted).toEqual([]);
  });

  describe('on the fixture state', () => {
    let documents: SourceDocument[];

    beforeAll(async () => {
      documents = [];
      for await (const document of readTerraformState('test/fixtures/sources/terraform-state/estate/prod.tfstate', { cwd: root })) {
        documents.push(document);
      }
    });

    it('puts every attribute of a mapped resource on a property of its Pulumi resource', () => {
      for (const resource of documents.flatMap((document) => document.resources)) {
        // Types without a table entry keep Terraform's block names by design (see convert.ts).
        if (resource.unknownType || !(resource.nativeType in TYPE_TABLE)) continue;
        const { name } = partsOf(resource.type);
        const known = interfaceProperties(resourceDeclarations(resource.type), `${name}State`);
        const unknown = Object.keys(resource.props).filter((key) => key !== 'id' && !known.has(key));
        expect(unknown, `${resource.nativeType} → ${resource.type}`).toEqual([]);
      }
    });
  });
});

describe('terraform-state token derivation', () => {
  it('tries the module/name split, a two-word module, then EC2', () => {
    expect(tokenCandidates('aws_api_gateway_rest_api')).toEqual([
      ['api', 'gatewayRestApi'],
      ['apigateway', 'restApi'],
      ['ec2', 'apiGatewayRestApi'],
    ]);
    expect(tokenCandidates('google_storage_bucket')).toEqual([]);
  });

  it('keeps only tokens @pulumi/aws declares', () => {
    const resolve = createTokenResolver();
    expect(resolve('aws_lambda_function')).toBe('aws:lambda/function:Function');
    expect(resolve('aws_sqs_queue')).toBe('aws:sqs/queue:Queue');
    expect(resolve('aws_dynamodb_table')).toBe('aws:dynamodb/table:Table');
    expect(resolve('aws_api_gateway_rest_api')).toBe('aws:apigateway/restApi:RestApi');
    expect(resolve('aws_security_group_rule')).toBe('aws:ec2/securityGroupRule:SecurityGroupRule');
    expect(resolve('aws_vpc')).toBe('aws:ec2/vpc:Vpc');
    expect(resolve('aws_not_a_real_thing')).toBeUndefined();
  });

  it('trusts the common pattern when no SDK is installed to check against', () => {
    const resolve = createTokenResolver(join(root, 'no-such-sdk'));
    expect(resolve('aws_lambda_function')).toBeUndefined();
    expect(createTokenResolver(null)('aws_lambda_function')).toBe('aws:lambda/function:Function');
    expect(createTokenResolver(null)('aws_vpc')).toBe('aws:ec2/vpc:Vpc');
  });
});
