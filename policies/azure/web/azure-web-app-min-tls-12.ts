/** App Service apps refuse TLS older than 1.2. Unset is App Service's default, 1.2, and passes. */
import { WEB_APP, withSiteConfig, type WebAppProps } from '../../lib/azure-web.ts';
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

const OUTDATED = new Set(['1.0', '1.1']);

function outdated(props: Record<string, unknown>): string | undefined {
  const version = text(dig(props, 'siteConfig', 'minTlsVersion'));
  return version !== undefined && OUTDATED.has(version) ? version : undefined;
}

export const azureWebAppMinTls12 = tokenRule<WebAppProps>({
  id: 'azure-web-app-min-tls-12',
  title: 'App Service apps require TLS 1.2 or later',
  severity: 'medium',
  rationale:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996) and have known weaknesses; an app that still accepts them lets an attacker on the path push clients onto a breakable protocol.',
  remediation: 'Set siteConfig.minTlsVersion to "1.2" (or remove it: 1.2 is the default).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: WEB_APP,
  validate(props, _args, report) {
    const version = outdated(props);
    if (version) report(`App Service app accepts TLS ${version}: siteConfig.minTlsVersion is "${version}"`);
  },
  remediate(props) {
    return outdated(props) ? withSiteConfig(props, { minTlsVersion: '1.2' }) : undefined;
  },
  examples: {
    pass: [
      { type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan', siteConfig: { minTlsVersion: '1.2' } } },
      { type: WEB_APP, name: 'api', props: { resourceGroupName: 'shop', serverFarmId: 'plan' } },
    ],
    fail: [{ type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan', siteConfig: { minTlsVersion: '1.0', http20Enabled: true } } }],
  },
});
