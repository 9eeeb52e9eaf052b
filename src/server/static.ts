/**
 * The dashboard's files (src/server/web), read once at start and served from memory with an ETag.
 * Only files under that folder with a known type are reachable; there is no build step and no CDN.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './http.ts';

export const WEB_ROOT = fileURLToPath(new URL('./web', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function loadAssets(root = WEB_ROOT): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of walk(root)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set('/' + relative(root, file).split('\\').join('/'), { body, type, etag });
  }
  return assets;
}

/** Serves `pathname` if it is an asset; returns false otherwise (the caller answers 404). */
export function serveAsset(assets: Map<string, Asset>, req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const asset = assets.get(pathname === '/' ? '/index.html' : pathname);
  if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const headers = { ...SECURITY_HEADERS, 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': asset.body.length });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
  return true;
}
