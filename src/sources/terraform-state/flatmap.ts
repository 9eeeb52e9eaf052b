/**
 * `attributes_flat`: the Terraform 0.11 "flatmap" encoding that state v4 still carries for
 * instances not refreshed since the upgrade (`{"ingress.#":"1","ingress.2541437006.from_port":"22",
 * "tags.%":"1","tags.Name":"web"}`). Unflattened into nested objects and lists so the same mapping
 * applies; values stay strings, which policy readers (`flag`, `count`) accept.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(root: Record<string, unknown>, parts: string[], value: string): void {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = Object.hasOwn(node, parts[i]) ? node[parts[i]] : undefined;
    if (isRecord(next)) {
      node = next;
    } else {
      const created: Record<string, unknown> = {};
      Object.defineProperty(node, parts[i], { value: created, enumerable: true, writable: true, configurable: true });
      node = created;
    }
  }
  Object.defineProperty(node, parts[parts.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

/** `#` marks a list or set (elements keyed by index or hash), `%` a map; the counts themselves go. */
function shape(node: Record<string, unknown>): unknown {
  for (const [key, value] of Object.entries(node)) if (isRecord(value)) node[key] = shape(value);
  if ('#' in node) {
    const { '#': _count, ...elements } = node;
    return Object.keys(elements)
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
      .map((key) => elements[key]);
  }
  if ('%' in node) delete node['%'];
  return node;
}

export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (typeof value === 'string') setPath(root, key.split('.'), value);
  }
  const shaped = shape(root);
  return isRecord(shaped) ? shaped : {};
}
