/** How exports name the tool that produced them (SARIF driver, OCSF metadata.product, OSCAL metadata). */
import { createRequire } from 'node:module';

const manifest = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export const PRODUCT = {
  name: 'sweep',
  vendor: 'sweep',
  version: manifest.version,
} as const;
