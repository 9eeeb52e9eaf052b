/**
 * Pulumi URNs: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. The qualified type is
 * the parent chain joined by `$` (`my:app:Web$aws:s3/bucket:Bucket`); the resource's own type is
 * the last segment. The name is everything after the third `::` (names may contain `::`).
 * Parsed with indexOf, not a regex: this runs once per resource on 100k-resource exports.
 */
export interface ParsedUrn {
  stack: string;
  project: string;
  /** The resource's own type token (last `$` segment of the qualified type). */
  type: string;
  qualifiedType: string;
  name: string;
}

const URN_PREFIX = 'urn:pulumi:';

/** Returns undefined for anything that is not a well-formed Pulumi URN. */
export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!urn.startsWith(URN_PREFIX)) return undefined;
  const stackEnd = urn.indexOf('::', URN_PREFIX.length);
  if (stackEnd < 0) return undefined;
  const projectEnd = urn.indexOf('::', stackEnd + 2);
  if (projectEnd < 0) return undefined;
  const typeEnd = urn.indexOf('::', projectEnd + 2);
  if (typeEnd < 0) return undefined;
  const stack = urn.slice(URN_PREFIX.length, stackEnd);
  const project = urn.slice(stackEnd + 2, projectEnd);
  const qualifiedType = urn.slice(projectEnd + 2, typeEnd);
  const name = urn.slice(typeEnd + 2);
  if (!stack || !project || !qualifiedType) return undefined;
  const dollar = qualifiedType.lastIndexOf('$');
  const type = dollar < 0 ? qualifiedType : qualifiedType.slice(dollar + 1);
  return { stack, project, type, qualifiedType, name };
}

/** The prefix shared by every urn of one stack, e.g. `urn:pulumi:dev::shop::`. */
export function urnPrefix(stack: string, project: string): string {
  return `${URN_PREFIX}${stack}::${project}::`;
}

/** A urn without a parent chain: the stack root and default providers. */
export function makeUrn(stack: string, project: string, type: string, name: string): string {
  return `${urnPrefix(stack, project)}${type}::${name}`;
}
