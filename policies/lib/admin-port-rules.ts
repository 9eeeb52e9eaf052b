/**
 * One rule factory for "no remote administration port open to the internet", across every
 * resource that can open one. A rule file names its surface and its port (SSH or RDP) and
 * declares its metadata and examples; the surface brings the check, the message and the fix
 * (the admin CIDR in place of the world source, config `adminCidr`), shared by both ports.
 */
import * as aws from '@pulumi/aws';
import { resourceRule, tokenRule, type ResourceRule, type RuleDeclaration } from '../rule.ts';
import {
  adminCidr,
  adminCidrConfig,
  ingressRuleExposure,
  restrictIngressRule,
  restrictSecurityGroup,
  securityGroupExposures,
  type AdminPort,
} from './admin-port.ts';
import {
  groupExposures,
  NETWORK_SECURITY_GROUP,
  restrictGroup,
  restrictRule,
  ruleExposure,
  SECURITY_RULE,
  type NetworkSecurityGroupProps,
  type SecurityRuleProps,
} from './azure-nsg.ts';
import { FIREWALL, firewallExposure, restrictFirewall, type FirewallProps } from './gcp-firewall.ts';

/** The resources a public admin-port rule can look at. */
export type AdminPortSurface = 'aws-security-group' | 'aws-ingress-rule' | 'azure-nsg' | 'azure-security-rule' | 'gcp-firewall';

const SURFACES: Record<AdminPortSurface, (admin: AdminPort, declaration: RuleDeclaration) => ResourceRule> = {
  'aws-security-group': (admin, declaration) =>
    resourceRule({
      ...declaration,
      configSchema: adminCidrConfig,
      resource: aws.ec2.SecurityGroup,
      validate(props, _args, report) {
        for (const exposure of securityGroupExposures(props, admin)) report(`Security group allows ${exposure}`);
      },
      remediate(props, args) {
        return restrictSecurityGroup(props, admin, adminCidr(args));
      },
    }),
  'aws-ingress-rule': (admin, declaration) =>
    resourceRule({
      ...declaration,
      configSchema: adminCidrConfig,
      resource: aws.vpc.SecurityGroupIngressRule,
      validate(props, _args, report) {
        const exposure = ingressRuleExposure(props, admin);
        if (exposure) report(`Security group ingress rule allows ${exposure}`);
      },
      remediate(props, args) {
        return restrictIngressRule(props, admin, adminCidr(args));
      },
    }),
  'azure-nsg': (admin, declaration) =>
    tokenRule<NetworkSecurityGroupProps>({
      ...declaration,
      configSchema: adminCidrConfig,
      resourceType: NETWORK_SECURITY_GROUP,
      validate(props, _args, report) {
        for (const exposure of groupExposures(props, admin)) report(`Network security group allows ${exposure}`);
      },
      remediate(props, args) {
        return restrictGroup(props, admin, adminCidr(args));
      },
    }),
  'azure-security-rule': (admin, declaration) =>
    tokenRule<SecurityRuleProps>({
      ...declaration,
      configSchema: adminCidrConfig,
      resourceType: SECURITY_RULE,
      validate(props, _args, report) {
        const exposure = ruleExposure(props, admin);
        if (exposure) report(`Network security rule allows ${exposure}`);
      },
      remediate(props, args) {
        return restrictRule(props, admin, adminCidr(args));
      },
    }),
  'gcp-firewall': (admin, declaration) =>
    tokenRule<FirewallProps>({
      ...declaration,
      configSchema: adminCidrConfig,
      resourceType: FIREWALL,
      validate(props, _args, report) {
        const exposure = firewallExposure(props, admin);
        if (exposure) report(`Firewall rule allows ${exposure}`);
      },
      remediate(props, args) {
        return restrictFirewall(props, admin, adminCidr(args));
      },
    }),
};

/** A rule that reports `admin` (SSH or RDP) open to the world on `surface`, and narrows the source where that is safe. */
export function publicAdminPortRule(surface: AdminPortSurface, admin: AdminPort, declaration: RuleDeclaration): ResourceRule {
  return SURFACES[surface](admin, declaration);
}
