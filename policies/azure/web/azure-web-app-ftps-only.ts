/**
 * App Service apps do not accept plain FTP deployments. Unset is reported: the ARM default has
 * been AllAllowed, and only an explicit FtpsOnly or Disabled is a guarantee. The fix picks
 * FtpsOnly, which keeps FTP-based deployment working over TLS.
 */
import { WEB_APP, withSiteConfig, type WebAppProps } from '../../lib/azure-web.ts';
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

const SAFE = new Set(['FtpsOnly', 'Disabled']);

function allowsFtp(props: Record<string, unknown>): boolean {
  if (isSecret(props.siteConfig)) return false;
  const state = dig(props, 'siteConfig', 'ftpsState');
  return !isSecret(state) && !SAFE.has(text(state) ?? 'AllAllowed');
}

export const azureWebAppFtpsOnly = tokenRule<WebAppProps>({
  id: 'azure-web-app-ftps-only',
  title: 'App Service apps do not allow plain FTP',
  severity: 'medium',
  rationale:
    'Plain FTP sends the app\'s deployment credentials and code in clear text; whoever captures them can publish their own code to the site.',
  remediation: 'Set siteConfig.ftpsState to "Disabled" (or "FtpsOnly" where FTP deployment is still used).',
  controls: controls({
    'nist-800-53': ['SC-8', 'CM-7'],
    'pci-dss': ['2.2.7'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: WEB_APP,
  validate(props, _args, report) {
    if (allowsFtp(props)) report(`App Service app accepts plain FTP: siteConfig.ftpsState is ${shown(dig(props, 'siteConfig', 'ftpsState'))}`);
  },
  remediate(props) {
    return allowsFtp(props) ? withSiteConfig(props, { ftpsState: 'FtpsOnly' }) : undefined;
  },
  examples: {
    pass: [
      { type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan', siteConfig: { ftpsState: 'Disabled' } } },
      { type: WEB_APP, name: 'legacy', props: { resourceGroupName: 'shop', serverFarmId: 'plan', siteConfig: { ftpsState: 'FtpsOnly' } } },
    ],
    fail: [
      { type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan' } },
      { type: WEB_APP, name: 'legacy', props: { resourceGroupName: 'shop', serverFarmId: 'plan', siteConfig: { ftpsState: 'AllAllowed', minTlsVersion: '1.2' } } },
    ],
  },
});
