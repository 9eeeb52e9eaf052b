/**
 * ECR repositories scan images when they are pushed. Accounts that use registry-level enhanced
 * scanning (aws.ecr.RegistryScanningConfiguration) get scanning from there instead; turning on
 * scanOnPush as well costs nothing and keeps the repository covered if that setting changes.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEcrRepositoryScanOnPush = resourceRule({
  id: 'aws-ecr-repository-scan-on-push',
  title: 'ECR repositories scan images on push',
  severity: 'medium',
  rationale:
    'Images carry operating-system packages and libraries with known vulnerabilities. Scanning on push reports them before the image is deployed, while the fix is still a rebuild rather than an incident.',
  remediation: 'Set imageScanningConfiguration.scanOnPush to true (applied in place), or configure enhanced scanning for the registry.',
  controls: controls({
    'nist-800-53': ['RA-5', 'SI-2'],
    'pci-dss': ['6.3.1'],
    hitrust: ['10.m'],
    'iso-27001': ['A.8.8'],
    soc2: ['CC7.1'],
  }),
  resource: aws.ecr.Repository,
  validate(props, _args, report) {
    const scanOnPush = record(props.imageScanningConfiguration)?.scanOnPush;
    if (flag(scanOnPush) === true || isSecret(scanOnPush)) return;
    report(`ECR repository does not scan images on push: imageScanningConfiguration.scanOnPush is ${shown(scanOnPush)}`);
  },
  remediate(props) {
    return { ...props, imageScanningConfiguration: { ...(record(props.imageScanningConfiguration) ?? {}), scanOnPush: true } };
  },
  examples: {
    pass: [{ type: 'aws:ecr/repository:Repository', name: 'app', props: { name: 'app', imageScanningConfiguration: { scanOnPush: true } } }],
    fail: [
      { type: 'aws:ecr/repository:Repository', name: 'app', props: { name: 'app' } },
      { type: 'aws:ecr/repository:Repository', name: 'worker', props: { name: 'worker', imageScanningConfiguration: { scanOnPush: false } } },
    ],
  },
});
