/**
 * policies/pack as Pulumi runs it: the pack process is started the way the CLI's
 * `pulumi-analyzer-policy` shim starts it, prints its port, and answers Pulumi's analyzer gRPC
 * calls with the library's policies — the same verdicts on every rule's examples as sweep's own
 * runner, per-policy config through Configure, the same property fixes through Remediate — then
 * stops cleanly.
 * The pure conversion (policies/pack/policies.ts) is tested in-process first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs, rules } from '../../policies/index.ts';
import { packArgs, packOptionsFromEnv, packPolicies, toPackPolicy } from '../../policies/pack/policies.ts';
import { defaultEnforcement, type ExampleResource, type Rule } from '../../policies/rule.ts';
import { validationArgs } from './examples.ts';
import { AnalyzerClient, enforcementName, proto, SECRET_SIG, SECRET_SIG_KEY, severityName, startPack, type PackProcess } from './pack-process.ts';

const PULUMI_POLICY_FIELDS = [
  'name',
  'description',
  'displayName',
  'enforcementLevel',
  'severity',
  'tags',
  'remediationSteps',
  'configSchema',
  'framework',
  'validateResource',
  'remediateResource',
  'validateStack',
];

function ruleFor(id: string): Rule {
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`the library has no rule ${id}`);
  return rule;
}

function stacksOf(rule: Rule, which: 'pass' | 'fail'): ExampleResource[][] {
  return rule.kind === 'stack' ? rule.examples[which] : rule.examples[which].map((example) => [example]);
}

describe('pack policies (in-process)', () => {
  it('serves every rule by default, with Pulumi fields only and the severity-based level', () => {
    const policies = packPolicies(rules, catalogs, { frameworks: [] });
    expect(policies.map((policy) => policy.name)).toEqual(rules.map((rule) => rule.id));
    for (const [i, policy] of policies.entries()) {
      const rule = rules[i];
      for (const key of Object.keys(policy)) expect(PULUMI_POLICY_FIELDS, `${rule.id}.${key}`).toContain(key);
      expect(policy.enforcementLevel).toBe(defaultEnforcement(rule.severity));
      expect(policy.severity).toBe(rule.severity);
      expect(policy.tags).toEqual(rule.controls.map((c) => `${c.framework}:${c.control}`));
      if (rule.kind === 'resource') {
        expect('validateResource' in policy && policy.validateResource).toBe(rule.validateResource);
        // Wrapped to run on plain inputs (policies/pack/remediate.ts), same type token.
        const remediate = 'remediateResource' in policy ? policy.remediateResource : undefined;
        expect(remediate === undefined, rule.id).toBe(rule.remediateResource === undefined);
        const typeOf = (fn: unknown) => (fn as { __pulumiType?: string } | undefined)?.__pulumiType;
        if (remediate) expect(typeOf(remediate)).toBe(typeOf(rule.remediateResource));
      } else {
        expect('validateStack' in policy && policy.validateStack).toBe(rule.validateStack);
      }
    }
  });

  it('selects frameworks and overrides the level from the environment', () => {
    const options = packOptionsFromEnv({ SWEEP_PACK_FRAMEWORKS: ' pci-dss, soc2 ', SWEEP_PACK_ENFORCEMENT: 'advisory' });
    expect(options).toEqual({ frameworks: ['pci-dss', 'soc2'], enforcement: 'advisory' });
    const policies = packPolicies(rules, catalogs, options);
    const expected = rules.filter((rule) => rule.controls.some((c) => c.framework === 'pci-dss' || c.framework === 'soc2'));
    expect(policies.map((policy) => policy.name)).toEqual(expected.map((rule) => rule.id));
    expect(new Set(policies.map((policy) => policy.enforcementLevel))).toEqual(new Set(['advisory']));
    expect(packOptionsFromEnv({})).toEqual({ frameworks: [], enforcement: undefined });
  });

  it('names the one framework of a single-framework pack on each policy', () => {
    const [policy] = packPolicies(rules, catalogs, { frameworks: ['pci-dss'] });
    const rule = ruleFor(policy.name);
    const ids = rule.controls.filter((c) => c.framework === 'pci-dss').map((c) => c.control);
    expect(policy.framework).toMatchObject({ name: 'PCI DSS v4.0', version: '4.0', reference: ids.join(', ') });
    expect(packPolicies(rules, catalogs, { frameworks: ['pci-dss', 'soc2'] })[0].framework).toBeUndefined();
  });

  it('rejects bad environment values and libraries Pulumi would refuse, naming the culprit', () => {
    expect(() => packOptionsFromEnv({ SWEEP_PACK_FRAMEWORKS: 'pci' })).toThrow(/unknown framework "pci"/);
    expect(() => packOptionsFromEnv({ SWEEP_PACK_ENFORCEMENT: 'block' })).toThrow(/unknown level "block"/);
    const rule = rules[0];
    expect(() => packPolicies([rule, rule], catalogs, { frameworks: [] })).toThrow(`rule id "${rule.id}" appears twice`);
    expect(() => packPolicies([{ ...rule, id: 'all' }], catalogs, { frameworks: [] })).toThrow(/cannot be a Pulumi policy name/);
    expect(() => packPolicies([{ ...rule, id: 'has space' }], catalogs, { frameworks: [] })).toThrow(/cannot be a Pulumi policy name/);
    const reserved = { ...rule, configSchema: { properties: { enforcementLevel: { type: 'string' as const } } } };
    expect(() => packPolicies([reserved], catalogs, { frameworks: [] })).toThrow(/reserves/);
    expect(() => packPolicies([rule], catalogs, { frameworks: ['cis-kubernetes'] })).toThrow(/selects no rule/);
  });

  it('keeps the policy objects independent of the rules', () => {
    const rule = rules[0];
    const policy = toPackPolicy(rule);
    expect(policy).not.toBe(rule);
    expect(rule.controls.length).toBeGreaterThan(0);
    const args = packArgs(rules, catalogs, { frameworks: [] });
    expect(args.enforcementLevel).toBe('advisory');
    expect(args.policies).toHaveLength(rules.length);
  });
});

describe('policy pack process, started as the Pulumi CLI starts it', () => {
  let pack: PackProcess;
  let client: AnalyzerClient;

  beforeAll(async () => {
    pack = startPack();
    client = new AnalyzerClient(await pack.port);
  });

  afterAll(async () => {
    client?.close();
    if (pack && pack.child.exitCode === null && pack.child.signalCode === null) {
      pack.child.kill('SIGKILL');
      await pack.exited;
    }
  });

  it('prints nothing but its port on stdout', async () => {
    const port = await pack.port;
    expect(pack.stdout()).toBe(`${port}\n`);
  });

  it('describes the library in GetAnalyzerInfo: names, levels, severities, kinds, config', async () => {
    const info = await client.info();
    expect(info.getName()).toBe('sweep');
    expect(info.getVersion()).toBe('0.1.0');
    expect(info.getSupportsconfig()).toBe(true);
    const policies = info.getPoliciesList();
    expect(policies.map((p: any) => p.getName())).toEqual(rules.map((rule) => rule.id));
    for (const [i, policy] of policies.entries()) {
      const rule = rules[i];
      expect(enforcementName(policy.getEnforcementlevel()), rule.id).toBe(defaultEnforcement(rule.severity));
      expect(severityName(policy.getSeverity()), rule.id).toBe(rule.severity);
      expect(policy.getDescription()).toBe(rule.title);
      expect(policy.getRemediationSteps()).toBe(rule.remediation);
      expect(policy.getTagsList()).toEqual(rule.controls.map((c) => `${c.framework}:${c.control}`));
      const type = rule.kind === 'stack' ? proto.PolicyType.POLICY_TYPE_STACK : proto.PolicyType.POLICY_TYPE_RESOURCE;
      expect(policy.getPolicyType(), rule.id).toBe(type);
      const schema = policy.getConfigschema()?.getProperties()?.toJavaScript();
      expect(schema, rule.id).toEqual(rule.configSchema?.properties);
    }
    const levels = new Set(policies.map((p: any) => enforcementName(p.getEnforcementlevel())));
    expect(levels).toEqual(new Set(rules.map((rule) => defaultEnforcement(rule.severity))));
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s: same verdicts on its examples as sweep’s runner', async (_id, rule) => {
    const analyze = (stack: ExampleResource[]) => (rule.kind === 'stack' ? client.analyzeStack(stack) : client.analyze(stack[0]));
    for (const stack of stacksOf(rule, 'fail')) {
      const own = (await analyze(stack)).filter((d) => d.policyName === rule.id);
      expect(own.length, `fail example not reported over gRPC: ${JSON.stringify(stack)}`).toBeGreaterThan(0);
      for (const diagnostic of own) {
        expect(diagnostic.enforcementLevel).toBe(defaultEnforcement(rule.severity));
        expect(diagnostic.severity).toBe(rule.severity);
        expect(diagnostic.message.startsWith(rule.title)).toBe(true);
        if (rule.kind === 'stack') expect(stack.map((r) => `urn:pulumi:dev::acme-payments::${r.type}::${r.name}`)).toContain(diagnostic.urn);
      }
    }
    for (const stack of stacksOf(rule, 'pass')) {
      const own = (await analyze(stack)).filter((d) => d.policyName === rule.id);
      expect(own, `pass example reported over gRPC: ${JSON.stringify(stack)}`).toEqual([]);
    }
  });

  it('applies --policy-pack-config levels and settings', async () => {
    const ssh = ruleFor('aws-ec2-security-group-no-public-ssh');
    const rds = ruleFor('aws-rds-instance-backup-retention');
    if (ssh.kind !== 'resource' || rds.kind !== 'resource') throw new Error('expected resource rules');
    const open = ssh.examples.fail[0];
    try {
      await client.configure({
        [ssh.id]: { enforcementLevel: 'remediate', adminCidr: '192.168.0.0/16' },
        [rds.id]: { enforcementLevel: 'disabled' },
      });
      const [remediation, ...others] = await client.remediate(open);
      expect(others).toEqual([]);
      expect(remediation.policyName).toBe(ssh.id);
      const port22 = (remediation.props.ingress as { fromPort: number; cidrBlocks?: string[] }[]).find((r) => r.fromPort === 22);
      expect(port22?.cidrBlocks).toEqual(['192.168.0.0/16']);
      for (const example of rds.examples.fail) expect((await client.analyze(example)).filter((d) => d.policyName === rds.id)).toEqual([]);

      await client.configure({ [ssh.id]: { enforcementLevel: 'advisory' } });
      const advisory = (await client.analyze(open)).filter((d) => d.policyName === ssh.id);
      expect(advisory.map((d) => d.enforcementLevel)).toEqual(['advisory']);
    } finally {
      await client.configure({});
    }
  });

  it('remediates at deploy time exactly as sweep’s property fixes do, clearing the violation', async () => {
    const fixable = rules.filter((rule) => rule.kind === 'resource' && rule.remediateResource !== undefined);
    expect(fixable.length).toBeGreaterThan(0);
    try {
      for (const rule of fixable) {
        if (rule.kind !== 'resource' || !rule.remediateResource) continue;
        await client.configure({ [rule.id]: { enforcementLevel: 'remediate' } });
        for (const example of rule.examples.fail) {
          const expected = await rule.remediateResource(validationArgs(rule, example));
          const remediations = (await client.remediate(example)).filter((r) => r.policyName === rule.id);
          if (expected === undefined) {
            expect(remediations, `${rule.id} ${example.name}: sweep has no fix, Pulumi made one`).toEqual([]);
            continue;
          }
          expect(remediations.map((r) => r.props), `${rule.id} ${example.name}`).toEqual([JSON.parse(JSON.stringify(expected))]);
          const after = await client.analyze({ ...example, props: remediations[0].props });
          expect(after.filter((d) => d.policyName === rule.id), `${rule.id} ${example.name} still violates`).toEqual([]);
        }
      }
    } finally {
      await client.configure({});
    }
  });

  it('keeps secret inputs secret in a remediation', async () => {
    const rule = ruleFor('aws-rds-instance-deletion-protection');
    if (rule.kind !== 'resource') throw new Error('expected a resource rule');
    const example = rule.examples.fail[0];
    const password = { [SECRET_SIG_KEY]: SECRET_SIG, value: 'correct-horse' };
    try {
      await client.configure({ [rule.id]: { enforcementLevel: 'remediate' } });
      const [remediation] = await client.remediate({ ...example, props: { ...example.props, password } });
      expect(remediation.policyName).toBe(rule.id);
      expect(remediation.props.password).toEqual(password);
      expect(remediation.props.deletionProtection).toBe(true);
    } finally {
      await client.configure({});
    }
  });

  it('exits cleanly within a few seconds of SIGINT, as the CLI stops it', async () => {
    client.close();
    pack.child.kill('SIGINT');
    const exit = await Promise.race([pack.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(pack.stderr()).toBe('');
  });
});

describe('policy pack process with a framework selection', () => {
  it('serves only the selected framework’s rules and stops on SIGTERM', async () => {
    const pack = startPack({ SWEEP_PACK_FRAMEWORKS: 'pci-dss' });
    const client = new AnalyzerClient(await pack.port);
    try {
      const info = await client.info();
      const expected = rules.filter((rule) => rule.controls.some((c) => c.framework === 'pci-dss'));
      expect(expected.length).toBeLessThan(rules.length);
      expect(info.getPoliciesList().map((p: any) => p.getName())).toEqual(expected.map((rule) => rule.id));
      expect(info.getPoliciesList()[0].getFramework().getName()).toBe('PCI DSS v4.0');
    } finally {
      client.close();
      pack.child.kill('SIGTERM');
    }
    const exit = await Promise.race([pack.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('fails to start on an unknown framework key, saying which, with nothing on stdout', async () => {
    const pack = startPack({ SWEEP_PACK_FRAMEWORKS: 'pci' });
    await expect(pack.port).rejects.toThrow(/exited/);
    const exit = await pack.exited;
    expect(exit.code).not.toBe(0);
    expect(pack.stdout()).toBe('');
    expect(pack.stderr()).toContain('SWEEP_PACK_FRAMEWORKS: unknown framework "pci"');
  });
});
