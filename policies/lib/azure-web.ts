/** App Service app input shape (azure-native `web.WebApp`; settings under `siteConfig`). */
import { setIn } from './k8s-workload.ts';
import { record } from './values.ts';

export const WEB_APP = 'azure-native:web:WebApp';

export interface WebAppProps {
  name: string;
  resourceGroupName: string;
  serverFarmId: string;
  kind: string;
  httpsOnly: boolean;
  siteConfig: { minTlsVersion?: string; ftpsState?: string; http20Enabled?: boolean; linuxFxVersion?: string };
}

/** The app with fields of siteConfig set, the others kept. */
export function withSiteConfig(props: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return setIn(props, ['siteConfig'], { ...(record(props.siteConfig) ?? {}), ...patch });
}
