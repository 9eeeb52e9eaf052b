import type { Command } from 'commander';
import type { CliContext } from './context.ts';

export function registerDb(program: Command, context: CliContext): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (they also apply automatically on first use)')
    .action(async () => {
      await context.withStore(async (store) => {
        const [row] = await store.query<{ n: number | string }>('select count(*) as n from drizzle.__drizzle_migrations');
        context.print(`${store.kind} at ${store.location}: schema up to date (${Number(row.n)} migrations applied)`);
      });
    });
}
