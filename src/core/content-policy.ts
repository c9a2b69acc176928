/**
 * The page's Content-Security-Policy and the other security headers, in one place for the build (a
 * meta tag), `vite preview` and the service worker (headers, which also cover the workers: a worker
 * follows the policy sent with its own script, not the page's meta tag).
 */

/**
 * Where model files may come from: the Hugging Face Hub, the hosts it redirects downloads to
 * (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co...), and this computer, for a local mirror.
 */
export const MODEL_HOST_SOURCES = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'http://127.0.0.1:*',
  'http://localhost:*',
];

/**
 * Nothing but the app's own files, the model hosts and what the app makes itself: thumbnails are
 * blob: URLs, ONNX Runtime compiles WebAssembly ('wasm-unsafe-eval') and imports its glue module from
 * a blob: URL that transformers.js makes of the app's own file, and nothing may frame the page.
 * `modelHosts` adds hosts beyond MODEL_HOST_SOURCES, such as the one the app was built with.
 */
export function contentSecurityPolicy(modelHosts: readonly string[] = []): string {
  const connect = ["'self'", ...MODEL_HOST_SOURCES, ...modelHosts.map((host) => new URL(host).origin)];
  return [
    "default-src 'self'",
    "script-src 'self' blob: 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "img-src 'self' blob: data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** What a meta tag cannot carry: only a header can forbid framing. */
const HEADER_ONLY_DIRECTIVES = "; frame-ancestors 'none'";

/** Headers for every response: the policy, no MIME sniffing, and no page address sent to model hosts. */
export function securityHeaders(modelHosts: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(modelHosts) + HEADER_ONLY_DIRECTIVES,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Whether a CSP source expression such as `https://*.hf.co` or `http://127.0.0.1:*` admits `url`. */
function admits(source: string, url: URL): boolean {
  const match = /^(https?):\/\/(\*\.)?([^:/]+|\[[^\]]+\])(?::(\*|\d+))?$/.exec(source);
  if (!match) return false;
  const [, scheme, wildcard, host, port] = match;
  if (url.protocol !== `${scheme}:`) return false;
  const hostname = url.hostname;
  if (wildcard ? !hostname.endsWith(`.${host}`) : hostname !== host) return false;
  const defaultPort = scheme === 'https' ? '443' : '80';
  return port === '*' || (url.port || defaultPort) === (port ?? defaultPort);
}

/**
 * Whether the page's policy lets the app download from `host`; `trusted` are hosts the policy was
 * built with (VITE_MODEL_HOST), which it allows too.
 */
export function allowsModelHost(host: string, trusted: readonly string[] = []): boolean {
  const url = new URL(host);
  return (
    MODEL_HOST_SOURCES.some((source) => admits(source, url)) ||
    trusted.some((other) => URL.parse(other)?.origin === url.origin)
  );
}
