import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

/**
 * The development IDE: GraphiQL 3's prebuilt UMD bundle with React 18's,
 * served from node_modules, so it works where there is no internet (offices,
 * CI). The page sits on the GraphQL endpoint itself, for browsers (Accept
 * prefers text/html); its files live under /ide/. Off in production.
 */

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const START = `'use strict';
var endpoint = location.origin + location.pathname;
var root = ReactDOM.createRoot(document.getElementById('graphiql'));
root.render(React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({ url: endpoint }),
  defaultEditorToolsVisibility: 'headers',
  isHeadersEditorEnabled: true,
  shouldPersistHeaders: false,
  defaultQuery: '# Simpul, the data hub of Dinas Sosial Kabupaten Madiun.\\n' +
    '# Put your token in Headers below: {"Authorization": "Bearer <token>"}\\n\\n' +
    '{\\n  kecamatans {\\n    code\\n    name\\n  }\\n}\\n'
}));
`;

const CSS = `html, body, #graphiql { height: 100%; margin: 0; }
#graphiql > .loading { font: 16px sans-serif; padding: 2em; }
`;

// Everything the page loads comes from here; the policy tells the browser to load nothing else.
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simpul GraphQL IDE</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="ide/graphiql.min.css">
<link rel="stylesheet" href="ide/simpul.css">
</head>
<body>
<div id="graphiql"><div class="loading">Loading the GraphQL IDE…</div></div>
<script src="ide/react.production.min.js"></script>
<script src="ide/react-dom.production.min.js"></script>
<script src="ide/graphiql.min.js"></script>
<script src="ide/start.js"></script>
</body>
</html>
`;

interface Asset {
  type: string;
  body: () => Buffer;
}

function fileAsset(type: string, path: () => string): Asset {
  let cached: Buffer | undefined;
  return { type, body: () => (cached ??= readFileSync(path())) };
}

const ASSETS: Record<string, Asset> = {
  'graphiql.min.js': fileAsset('text/javascript', () => join(packageDir('graphiql'), 'graphiql.min.js')),
  'graphiql.min.css': fileAsset('text/css', () => join(packageDir('graphiql'), 'graphiql.min.css')),
  'react.production.min.js': fileAsset('text/javascript', () => join(packageDir('react'), 'umd', 'react.production.min.js')),
  'react-dom.production.min.js': fileAsset('text/javascript', () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js')),
  'start.js': { type: 'text/javascript', body: () => Buffer.from(START) },
  'simpul.css': { type: 'text/css', body: () => Buffer.from(CSS) },
};

/** Quality of the most specific range of an Accept header that matches a media type. */
function quality(ranges: { type: string; q: number }[], mediaType: string): number {
  const [major] = mediaType.split('/');
  const match = ranges.find((r) => r.type === mediaType) ?? ranges.find((r) => r.type === `${major}/*`) ?? ranges.find((r) => r.type === '*/*');
  return match?.q ?? 0;
}

/** True when a client (a browser) would rather have HTML than a GraphQL response. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
  });
  const html = quality(ranges, 'text/html');
  const graphql = Math.max(quality(ranges, 'application/json'), quality(ranges, 'application/graphql-response+json'));
  return html > 0 && html > graphql;
}

const SECURITY_HEADERS = {
  'content-security-policy': POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function sendIdePage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept', ...SECURITY_HEADERS });
  res.end(PAGE);
}

/** Serves /ide/<file>; false when there is no such file. */
export function sendIdeAsset(res: ServerResponse, file: string): boolean {
  const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
  if (!asset) return false;
  res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=3600', ...SECURITY_HEADERS });
  res.end(asset.body());
  return true;
}
