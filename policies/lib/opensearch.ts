/**
 * OpenSearch Service domains can turn on encryption at rest and node-to-node encryption in place
 * (a blue/green update) on any OpenSearch version and on Elasticsearch 6.7 or later; on older
 * Elasticsearch the provider replaces the domain, so a property fix would destroy the data.
 */
import { text } from './values.ts';

/** The rule of the AWS provider's `inPlaceEncryptionEnableVersion`; an unset version means the latest OpenSearch. */
export function encryptsInPlace(engineVersion: unknown): boolean {
  if (engineVersion === undefined) return true;
  const version = text(engineVersion);
  if (version === undefined) return false;
  if (version.startsWith('OpenSearch_')) return true;
  const match = /^Elasticsearch_(\d+)\.(\d+)/.exec(version);
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 6 || (major === 6 && minor >= 7);
}
