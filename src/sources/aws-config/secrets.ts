/**
 * AWS Config records some settings that routinely hold credentials in plain text: a Lambda
 * function's environment variables, CodeBuild and ECS environment values. sweep stores raw
 * configurations of types it does not map, and may send resource text to a model, so those values
 * are replaced by SECRET_MARKER here (names stay: `DB_PASSWORD` is worth seeing, its value is not).
 */
import { SECRET_MARKER } from '../resource.ts';
import { isRecord } from './values.ts';

/** Per type, paths into the configuration: `*` walks every array element, the last step's values are replaced. */
const SECRET_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'AWS::Lambda::Function': [['environment', 'variables']],
  'AWS::CodeBuild::Project': [['environment', 'environmentVariables', '*', 'value']],
  'AWS::ECS::TaskDefinition': [
    ['containerDefinitions', '*', 'environment', '*', 'value'],
    ['ContainerDefinitions', '*', 'Environment', '*', 'Value'],
  ],
};

function redactAt(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) {
    if (isRecord(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, SECRET_MARKER]));
    return value === undefined || value === null ? value : SECRET_MARKER;
  }
  const [step, ...rest] = path;
  if (step === '*') return Array.isArray(value) ? value.map((item) => redactAt(item, rest)) : value;
  if (!isRecord(value) || !(step in value)) return value;
  return { ...value, [step]: redactAt(value[step], rest) };
}

/** The configuration with the type's secret-bearing values replaced; the same object when the type has none. */
export function redactConfiguration(resourceType: string, configuration: Record<string, unknown>): Record<string, unknown> {
  const paths = Object.hasOwn(SECRET_PATHS, resourceType) ? SECRET_PATHS[resourceType] : undefined;
  if (!paths) return configuration;
  let redacted: unknown = configuration;
  for (const path of paths) redacted = redactAt(redacted, path);
  return redacted as Record<string, unknown>;
}
