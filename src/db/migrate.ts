import { fileURLToPath } from 'node:url';

/** drizzle-kit output lives at the package root, beside src/. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
