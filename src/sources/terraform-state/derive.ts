/**
 * Pulumi tokens for AWS types the table does not list. Pulumi's AWS provider is generated from
 * Terraform's, and most tokens follow `aws_<module>_<name>` → `aws:<module>/<name>:<Name>`
 * (`aws_lambda_function` → `aws:lambda/function:Function`). The exceptions follow two patterns: a
 * two-word module (`aws_api_gateway_rest_api` → `aws:apigateway/restApi:RestApi`) and EC2's
 * networking types named without a module (`aws_vpc` → `aws:ec2/vpc:Vpc`).
 *
 * Each candidate is checked against the installed @pulumi/aws, which ships one declaration file per
 * resource (`<module>/<name>.d.ts`), so a guess never becomes a token policies could misread: a
 * type with no matching resource stays unknown (and is kept, flagged `unknownType`). Answers are
 * cached per resolver, so a million-resource state checks each type once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { snakeToCamel } from './names.ts';

export type TokenResolver = (terraformType: string) => string | undefined;

function pascal(camel: string): string {
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** Candidate `[module, name]` pairs for `aws_<rest>`, most likely first. */
export function tokenCandidates(terraformType: string): [string, string][] {
  if (!terraformType.startsWith('aws_')) return [];
  const parts = terraformType.slice('aws_'.length).split('_');
  if (parts.some((part) => part === '')) return [];
  const candidates: [string, string][] = [];
  if (parts.length >= 2) candidates.push([parts[0], snakeToCamel(parts.slice(1).join('_'))]);
  if (parts.length >= 3) candidates.push([parts[0] + parts[1], snakeToCamel(parts.slice(2).join('_'))]);
  candidates.push(['ec2', snakeToCamel(parts.join('_'))]);
  return candidates;
}

function tokenOf([module, name]: [string, string]): string {
  return `aws:${module}/${name}:${pascal(name)}`;
}

/** The folder of the installed @pulumi/aws, or null when it cannot be resolved from here. */
function awsSdkRoot(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('@pulumi/aws/package.json'));
  } catch {
    return null;
  }
}

/**
 * A resolver checking candidates against @pulumi/aws at `sdkRoot` (default: the installed one).
 * With `null` (no SDK to check against) the first candidate is trusted: the common pattern is
 * right far more often than not, and a wrong token only means no policy matches it.
 */
export function createTokenResolver(sdkRoot: string | null = awsSdkRoot()): TokenResolver {
  const cache = new Map<string, string | undefined>();
  return (terraformType) => {
    if (cache.has(terraformType)) return cache.get(terraformType);
    const candidates = tokenCandidates(terraformType);
    let token: string | undefined;
    if (sdkRoot === null) {
      token = candidates.length > 0 ? tokenOf(candidates[0]) : undefined;
    } else {
      const found = candidates.find(([module, name]) => existsSync(join(sdkRoot, module, `${name}.d.ts`)));
      token = found ? tokenOf(found) : undefined;
    }
    cache.set(terraformType, token);
    return token;
  };
}
