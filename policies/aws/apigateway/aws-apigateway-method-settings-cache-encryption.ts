/**
 * REST API methods that cache responses encrypt the cache. The setting lives on
 * aws.apigateway.MethodSettings; methods that do not cache are out of scope.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsApigatewayMethodSettingsCacheEncryption = resourceRule({
  id: 'aws-apigateway-method-settings-cache-encryption',
  title: 'API Gateway response caches are encrypted',
  severity: 'medium',
  rationale:
    'A response cache holds copies of what the API returned, including personal or account data, for the length of the TTL. Unencrypted, those copies sit outside the protection applied to the backend data store.',
  remediation: 'Set settings.cacheDataEncrypted to true wherever settings.cachingEnabled is true (applied in place; the cache is flushed).',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.apigateway.MethodSettings,
  validate(props, _args, report) {
    const settings = record(props.settings);
    if (flag(settings?.cachingEnabled) !== true) return;
    const encrypted = settings?.cacheDataEncrypted;
    if (flag(encrypted) === true || isSecret(encrypted)) return;
    report(`API Gateway caches responses unencrypted for method path ${shown(props.methodPath)}: settings.cacheDataEncrypted is ${shown(encrypted)}`);
  },
  remediate(props) {
    return { ...props, settings: { ...(record(props.settings) ?? {}), cacheDataEncrypted: true } };
  },
  examples: {
    pass: [
      {
        type: 'aws:apigateway/methodSettings:MethodSettings',
        name: 'all',
        props: { restApi: 'a1b2c3d4e5', stageName: 'prod', methodPath: '*/*', settings: { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 300 } },
      },
      { type: 'aws:apigateway/methodSettings:MethodSettings', name: 'logging', props: { restApi: 'a1b2c3d4e5', stageName: 'prod', methodPath: '*/*', settings: { loggingLevel: 'ERROR' } } },
    ],
    fail: [
      {
        type: 'aws:apigateway/methodSettings:MethodSettings',
        name: 'all',
        props: { restApi: 'a1b2c3d4e5', stageName: 'prod', methodPath: '*/*', settings: { cachingEnabled: true, cacheTtlInSeconds: 300 } },
      },
    ],
  },
});
