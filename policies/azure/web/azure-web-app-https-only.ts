/** App Service apps redirect HTTP to HTTPS (httpsOnly; unset means false). */
import { WEB_APP, type WebAppProps } from '../../lib/azure-web.ts';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function servesHttp(props: Partial<WebAppProps>): boolean {
  return !isSecret(props.httpsOnly) && flag(props.httpsOnly) !== true;
}

export const azureWebAppHttpsOnly = tokenRule<WebAppProps>({
  id: 'azure-web-app-https-only',
  title: 'App Service apps accept only HTTPS',
  severity: 'high',
  rationale:
    'An app that also answers plain HTTP lets session cookies, credentials and page content cross the network unencrypted and open to tampering (SSL stripping) whenever a client arrives over http://.',
  remediation: 'Set httpsOnly to true: App Service then redirects every HTTP request to HTTPS.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: WEB_APP,
  validate(props, _args, report) {
    if (servesHttp(props)) report(`App Service app serves plain HTTP: httpsOnly is ${shown(props.httpsOnly)}`);
  },
  remediate(props) {
    return servesHttp(props) ? { ...props, httpsOnly: true } : undefined;
  },
  examples: {
    pass: [{ type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan', httpsOnly: true } }],
    fail: [
      { type: WEB_APP, name: 'shop', props: { resourceGroupName: 'shop', serverFarmId: 'plan' } },
      { type: WEB_APP, name: 'admin', props: { resourceGroupName: 'shop', serverFarmId: 'plan', httpsOnly: false } },
    ],
  },
});
