/** Container image references: `[registry[:port]/]path[:tag][@digest]`. */

export interface ImageRef {
  tag?: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1) || undefined;
  const name = at === -1 ? image : image.slice(0, at);
  // The tag is after the last colon of the last path segment (a registry port sits before a slash).
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon === -1 ? undefined : last.slice(colon + 1) || undefined;
  return { tag, digest };
}

/** Why the reference can change under the same name (no tag, or `latest`, and no digest), or undefined. */
export function mutableReference(image: string): string | undefined {
  const ref = parseImage(image.trim());
  if (ref.digest) return undefined;
  if (ref.tag === undefined) return 'no tag (pulls latest)';
  if (ref.tag.toLowerCase() === 'latest') return 'the latest tag';
  return undefined;
}
