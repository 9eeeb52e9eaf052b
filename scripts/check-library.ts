/**
 * CI gate for the policy library: `node --import tsx scripts/check-library.ts`.
 * Prints one line per problem (`<rule or framework>: <code>: <message>`) on stderr and exits 1,
 * or prints a one-line summary and exits 0. The checks live in src/engine/check-library.ts.
 */
import { catalogs, rules } from '../policies/index.ts';
import { checkLibrary, formatProblem } from '../src/engine/check-library.ts';

const problems = await checkLibrary(rules, catalogs);
for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
if (problems.length > 0) {
  process.stderr.write(`check-library: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${rules.length} rules\n`);
  process.exitCode = 1;
} else {
  const controls = catalogs.reduce((sum, catalog) => sum + catalog.controls.length, 0);
  process.stdout.write(`check-library: ${rules.length} rules, ${catalogs.length} catalogs (${controls} controls): ok\n`);
}
