import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { Plugin } from 'vite';

/** Where the built app serves the toy CLIP and its demo photos from. */
const MODEL_DIR = 'fixtures/models/cliptag/toy-clip';
const MODEL_URL = 'models/cliptag/toy-clip';
const PHOTO_DIR = 'fixtures/reference/toy-clip/probes';
const PHOTO_URL = 'demo';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** URL path (under the app's base) -> file on disk, for everything the demo needs. */
function demoAssets(root: string): Map<string, string> {
  const assets = new Map<string, string>();
  const modelDir = join(root, MODEL_DIR);
  for (const file of filesUnder(modelDir)) assets.set(`${MODEL_URL}/${relative(modelDir, file)}`, file);
  const photoDir = join(root, PHOTO_DIR);
  for (const file of filesUnder(photoDir)) assets.set(`${PHOTO_URL}/${relative(photoDir, file)}`, file);
  return assets;
}

function manifest(assets: Map<string, string>): string {
  const photos = [...assets.keys()]
    .filter((path) => path.startsWith(`${PHOTO_URL}/`))
    .map((path) => path.slice(PHOTO_URL.length + 1));
  return JSON.stringify({ photos: photos.sort() });
}

/**
 * Ships the project's toy CLIP and a few demo photos inside the app, so someone offline can still try
 * the whole flow. Served from the fixtures in dev; copied into the build otherwise.
 */
export function demoAssetsPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'cliptag-demo-assets',
    configResolved(config) {
      root = config.root;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent((request.url ?? '').split('?')[0]!.replace(/^\//, ''));
        const assets = demoAssets(root);
        if (path === `${PHOTO_URL}/manifest.json`) {
          response.setHeader('Content-Type', 'application/json');
          response.end(manifest(assets));
          return;
        }
        const file = assets.get(path);
        if (!file) return next();
        response.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
        response.end(readFileSync(file));
      });
    },
    generateBundle() {
      const assets = demoAssets(root);
      for (const [fileName, file] of assets) this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      this.emitFile({ type: 'asset', fileName: `${PHOTO_URL}/manifest.json`, source: manifest(assets) });
    },
  };
}
