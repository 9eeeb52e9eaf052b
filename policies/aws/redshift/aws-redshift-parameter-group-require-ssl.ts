/** Redshift parameter groups require SSL for client connections. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, items, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

function requireSsl(parameters: unknown): unknown {
  return items(parameters)
    .map((parameter) => record(parameter))
    .find((parameter) => text(parameter?.name) === 'require_ssl')?.value;
}

export const awsRedshiftParameterGroupRequireSsl = resourceRule({
  id: 'aws-redshift-parameter-group-require-ssl',
  title: 'Redshift parameter groups require SSL connections',
  severity: 'medium',
  rationale:
    'Without require_ssl, clients may connect in clear text and send credentials and query results unencrypted across the network; SSL has to be required by the cluster to be guaranteed.',
  remediation: 'Set the parameter require_ssl to "true" in the aws.redshift.ParameterGroup used by the cluster (applied at the next reboot).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.redshift.ParameterGroup,
  validate(props, _args, report) {
    const value = requireSsl(props.parameters);
    if (flag(value) === true || isSecret(value)) return;
    report(`Redshift parameter group does not require SSL: require_ssl is ${value === undefined ? 'unset' : JSON.stringify(value)}`);
  },
  remediate(props) {
    const others = items(props.parameters).filter((parameter) => text(record(parameter)?.name) !== 'require_ssl');
    return { ...props, parameters: [...others, { name: 'require_ssl', value: 'true' }] };
  },
  examples: {
    pass: [{ type: 'aws:redshift/parameterGroup:ParameterGroup', name: 'warehouse', props: { family: 'redshift-2.0', parameters: [{ name: 'require_ssl', value: 'true' }] } }],
    fail: [
      { type: 'aws:redshift/parameterGroup:ParameterGroup', name: 'warehouse', props: { family: 'redshift-2.0', parameters: [{ name: 'enable_user_activity_logging', value: 'true' }] } },
      { type: 'aws:redshift/parameterGroup:ParameterGroup', name: 'legacy', props: { family: 'redshift-2.0', parameters: [{ name: 'require_ssl', value: 'false' }] } },
    ],
  },
});
