/**
 * Multi-document YAML manifests (`---` separated, `kind: List` documents expanded), composed one
 * document at a time so only the current document's tree is held. Every object comes with the
 * line its document (or List item) starts on, which fixers use to find the declaration, and a
 * broken document is reported with the file, its number and the line of the problem.
 */
import { Composer, isMap, isSeq, LineCounter, Parser, type Document } from 'yaml';
import { SweepError } from '../../errors.ts';

export interface ManifestObject {
  object: unknown;
  /** 1-based line where the object's mapping starts. */
  line: number;
  /** For errors: `document #2 (line 14)`. */
  where: string;
}

function lineOf(lines: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

function invalidYaml(origin: string, number: number, startLine: number, lines: LineCounter, error: { message: string; pos: [number, number] }): SweepError {
  const at = lines.linePos(error.pos[0]);
  // The library's message repeats the position with a code excerpt; the first line is the reason.
  const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return new SweepError(
    'source-invalid-yaml',
    `invalid YAML in ${origin}, document #${number} (starting at line ${startLine}): ${reason} at line ${at.line}, column ${at.col}`,
    { hint: 'Fix the document (`kubectl apply --dry-run=client -f <file>` shows the same problem), or pass `kubectl get -o json` output instead.' },
  );
}

/** The objects of one document: the document itself, or the items of a `kind: List`. */
function objectsOf(document: Document.Parsed, origin: string, number: number, startLine: number, lines: LineCounter): ManifestObject[] {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Alias bombs (an anchor expanded exponentially) are refused here rather than exhausting memory.
    const range = document.contents?.range ?? document.range;
    throw invalidYaml(origin, number, startLine, lines, { message: (error as Error).message, pos: [range[0], range[1]] });
  }
  if (value === null || value === undefined) return [];
  const where = `in document #${number} (line ${startLine})`;
  const record = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const items = record?.items;
  if (!record || typeof record.kind !== 'string' || !record.kind.endsWith('List') || !Array.isArray(items)) {
    return [{ object: value, line: startLine, where }];
  }
  const nodes = isMap(document.contents) ? document.contents.get('items', true) : undefined;
  return items.map((item, index) => {
    const node = isSeq(nodes) ? nodes.items[index] : undefined;
    const line = lineOf(lines, (node as { range?: [number, number, number] } | undefined)?.range?.[0]);
    return { object: item, line, where: `items[${index}] ${where}` };
  });
}

/** Yields the objects of a manifest text in order; throws on the first broken document. */
export function* readManifests(text: string, origin: string): Iterable<ManifestObject> {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  // Kubernetes' own YAML reader (go-yaml) honours merge keys (`<<: *defaults`); so does this one.
  const composer = new Composer({ merge: true, prettyErrors: false });
  let number = 0;
  for (const document of composer.compose(parser.parse(text), true)) {
    number++;
    const startLine = lineOf(lines, document.contents?.range?.[0] ?? document.range[0]);
    const error = document.errors[0];
    if (error) throw invalidYaml(origin, number, startLine, lines, error);
    yield* objectsOf(document, origin, number, startLine, lines);
  }
}
