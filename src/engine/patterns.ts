/** Name patterns from the config file: `*` and `?` globs, matched against a resource's name or key. */
export interface CompiledPattern {
  source: string;
  test(name: string, key: string): boolean;
}

export function compilePattern(pattern: string): CompiledPattern {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  const regex = new RegExp(`^${body}$`);
  // A pattern with a colon names keys (`pulumi:acme/prod:*`); anything else names resources.
  const onKey = pattern.includes(':');
  return { source: pattern, test: (name, key) => regex.test(onKey ? key : name) };
}
