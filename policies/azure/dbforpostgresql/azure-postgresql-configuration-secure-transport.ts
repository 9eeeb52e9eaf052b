/**
 * PostgreSQL flexible servers keep encrypted transport on. Flexible servers enforce TLS through
 * server parameters, declared as `dbforpostgresql.Configuration` resources: require_secure_transport
 * (on by default) and ssl_min_protocol_version (TLSv1.2 by default). A declaration that weakens
 * either is the finding; the fix puts the secure value back.
 */
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface ConfigurationProps {
  configurationName: string;
  serverName: string;
  resourceGroupName: string;
  source: string;
  value: string;
}

const TYPE = 'azure-native:dbforpostgresql:Configuration';

/** Parameter name → [is the value insecure, the secure value]. */
const PARAMETERS: Readonly<Record<string, { insecure: (value: string) => boolean; secure: string }>> = {
  require_secure_transport: { insecure: (value) => ['off', 'false', '0', 'no'].includes(value.toLowerCase()), secure: 'on' },
  ssl_min_protocol_version: { insecure: (value) => ['tlsv1', 'tlsv1.0', 'tlsv1.1'].includes(value.toLowerCase()), secure: 'TLSv1.2' },
};

function weakened(props: Partial<ConfigurationProps>): { name: string; value: string; secure: string } | undefined {
  const name = text(props.configurationName);
  const value = text(props.value);
  const parameter = name === undefined ? undefined : PARAMETERS[name];
  if (!parameter || value === undefined || !parameter.insecure(value.trim())) return undefined;
  return { name: name!, value, secure: parameter.secure };
}

export const azurePostgresqlConfigurationSecureTransport = tokenRule<ConfigurationProps>({
  id: 'azure-postgresql-configuration-secure-transport',
  title: 'PostgreSQL flexible servers require TLS 1.2 connections',
  severity: 'high',
  rationale:
    'With require_secure_transport off the server accepts unencrypted connections, so passwords and query results cross the network in clear text; with ssl_min_protocol_version below TLSv1.2 clients can be pushed onto deprecated protocols.',
  remediation: 'Set the server parameter require_secure_transport to "on" and ssl_min_protocol_version to "TLSv1.2" (or remove the override: those are the defaults).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    const found = weakened(props);
    if (found) report(`PostgreSQL server "${text(props.serverName) ?? '?'}" weakens transport encryption: ${found.name} is "${found.value}"`);
  },
  remediate(props) {
    const found = weakened(props);
    return found ? { ...props, value: found.secure } : undefined;
  },
  examples: {
    pass: [
      { type: TYPE, name: 'tls', props: { resourceGroupName: 'shop', serverName: 'orders', configurationName: 'require_secure_transport', value: 'on', source: 'user-override' } },
      { type: TYPE, name: 'log-connections', props: { resourceGroupName: 'shop', serverName: 'orders', configurationName: 'log_connections', value: 'off', source: 'user-override' } },
    ],
    fail: [
      { type: TYPE, name: 'tls', props: { resourceGroupName: 'shop', serverName: 'orders', configurationName: 'require_secure_transport', value: 'OFF', source: 'user-override' } },
      { type: TYPE, name: 'tls-version', props: { resourceGroupName: 'shop', serverName: 'orders', configurationName: 'ssl_min_protocol_version', value: 'TLSv1', source: 'user-override' } },
    ],
  },
});
