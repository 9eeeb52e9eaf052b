/** The generator's resource kinds: an explicit list, weights relative to each other. */
import type { UnitKind } from '../model.ts';
import { ebsVolume, ec2Instance } from './compute.ts';
import { rdsInstance } from './data.ts';
import { cloudTrail, iamPolicy, kmsKey } from './identity.ts';
import { securityGroupInline, securityGroupWithRules } from './network.ts';
import { s3Bucket } from './storage.ts';
import { iamRole, kmsAlias, lambdaFunction, logGroup, routeTable, routeTableAssociation, subnet } from './uncovered.ts';

export const KINDS: readonly UnitKind[] = [
  s3Bucket,
  securityGroupInline,
  securityGroupWithRules,
  ebsVolume,
  ec2Instance,
  rdsInstance,
  iamPolicy,
  kmsKey,
  cloudTrail,
  subnet,
  routeTable,
  routeTableAssociation,
  lambdaFunction,
  iamRole,
  logGroup,
  kmsAlias,
];
