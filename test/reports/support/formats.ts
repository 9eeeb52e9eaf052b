/**
 * Readers for what the exports produce, written from the specs rather than from the writers: an
 * RFC 4180 CSV parser, and GitHub code scanning's documented upload rules for SARIF.
 */

/** RFC 4180: CRLF records, optional double-quoted fields with `""` for a quote. Strict about stray quotes. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`character after closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i} (RFC 4180 wants CRLF, and line breaks in fields quoted)`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`row has ${row.length} fields, header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i]]));
  });
}

const GITHUB_LEVELS = ['error', 'warning', 'note', 'none'];

/**
 * GitHub code scanning's rules for an uploaded SARIF file (docs: "SARIF support for code
 * scanning", "SARIF results exceed limits"); returns the problems found, empty when acceptable.
 */
export function githubSarifProblems(log: any): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push(`version ${log.version}`);
  if (!Array.isArray(log.runs) || log.runs.length === 0) return [...problems, 'no runs'];
  if (log.runs.length > 20) problems.push(`${log.runs.length} runs (max 20)`);
  const categories = new Set<string>();
  log.runs.forEach((run: any, r: number) => {
    const driver = run.tool?.driver;
    if (!driver?.name) problems.push(`run ${r}: no tool.driver.name`);
    const category = `${driver?.name}|${run.automationDetails?.id ?? ''}`;
    if (categories.has(category)) problems.push(`run ${r}: same tool and category as an earlier run (${category})`);
    categories.add(category);
    const rules: any[] = driver?.rules ?? [];
    if (rules.length > 25_000) problems.push(`run ${r}: ${rules.length} rules`);
    const ids = new Set(rules.map((rule) => rule.id));
    for (const rule of rules) {
      const tags = rule.properties?.tags ?? [];
      if (tags.length > 20) problems.push(`rule ${rule.id}: ${tags.length} tags (max 20)`);
      const severity = rule.properties?.['security-severity'];
      if (severity !== undefined && !(typeof severity === 'string' && Number(severity) >= 0 && Number(severity) <= 10)) {
        problems.push(`rule ${rule.id}: security-severity ${JSON.stringify(severity)} is not a number string in 0-10`);
      }
      if (!rule.shortDescription?.text) problems.push(`rule ${rule.id}: no shortDescription`);
    }
    const results: any[] = run.results ?? [];
    if (results.length > 25_000) problems.push(`run ${r}: ${results.length} results (max 25,000)`);
    results.forEach((result, i) => {
      const where = `run ${r} result ${i}`;
      if (typeof result.ruleId !== 'string' || !ids.has(result.ruleId)) problems.push(`${where}: ruleId ${result.ruleId} not among the driver's rules`);
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`${where}: ruleIndex does not point at ruleId`);
      if (result.level !== undefined && !GITHUB_LEVELS.includes(result.level)) problems.push(`${where}: level ${result.level}`);
      if (!result.message?.text) problems.push(`${where}: no message text`);
      if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) problems.push(`${where}: no partialFingerprints`);
      const locations: any[] = result.locations ?? [];
      if (locations.length === 0) problems.push(`${where}: no location ("expected at least one location")`);
      if (locations.length > 1000) problems.push(`${where}: ${locations.length} locations`);
      const physical = locations[0]?.physicalLocation;
      const uri: unknown = physical?.artifactLocation?.uri;
      if (typeof uri !== 'string') {
        problems.push(`${where}: no physical location ("expected a physical location")`);
        return;
      }
      if (uri.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri) || uri.includes('\\') || uri.split('/').includes('..')) {
        problems.push(`${where}: uri ${uri} is not relative to the repository root`);
      }
      const line = physical.region?.startLine;
      if (line !== undefined && !(Number.isInteger(line) && line >= 1)) problems.push(`${where}: startLine ${line}`);
    });
  });
  return problems;
}
