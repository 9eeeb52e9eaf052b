/** Starts the HTTP server on node:http with the app and the route list; closing it ends open event streams. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { ServerDeps } from './deps.ts';
import { apiRoutes } from './routes/index.ts';

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(deps: ServerDeps, options: { port: number; host: string }): Promise<RunningServer> {
  const server = createServer(createApp(deps, apiRoutes()));
  // Event streams are long-lived by design; requests are not.
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    server,
    async close() {
      deps.events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
