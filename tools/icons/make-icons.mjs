// Draws cliptag's icons into public/: the favicon (SVG, with a dark-mode variant), the app icons the web
// app manifest lists (PNG 192 and 512, and a maskable 512 whose mark stays inside the safe circle) and
// Apple's touch icon. Run it after changing the drawing: node tools/icons/make-icons.mjs
// sharp comes with @huggingface/transformers (it decodes images in Node).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

/** The app's accent colours (src/ui/styles.css), light and dark. */
const ACCENT = '#2f6fed';
const ACCENT_DARK = '#6f9bff';
const INK_DARK = '#12161c';

/** A luggage tag pointing up-left, with its eyelet, drawn on a 512 grid around the centre. */
const TAG =
  'M110 256 L180 186 H390 Q410 186 410 206 V306 Q410 326 390 326 H180 Z ' +
  'M194 256 A22 22 0 1 0 150 256 A22 22 0 1 0 194 256 Z';

/**
 * The mark: the tag, turned 45 degrees and scaled about its visual centre. A maskable icon keeps it inside
 * the safe circle (radius 40%, 205 px): its farthest point is then 0.85 x 162 px from the centre.
 */
function mark(scale, fill) {
  const transform = `translate(256 256) scale(${scale}) rotate(45) translate(-272 -256)`;
  return `<path transform="${transform}" fill="${fill}" fill-rule="evenodd" d="${TAG}"/>`;
}

function icon({ maskable = false } = {}) {
  const background = maskable
    ? `<rect width="512" height="512" fill="${ACCENT}"/>`
    : `<rect width="512" height="512" rx="112" fill="${ACCENT}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${background}${mark(maskable ? 0.85 : 1, '#fff')}</svg>`;
}

const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <style>
    .back { fill: ${ACCENT}; }
    .tag { fill: #fff; }
    @media (prefers-color-scheme: dark) {
      .back { fill: ${ACCENT_DARK}; }
      .tag { fill: ${INK_DARK}; }
    }
  </style>
  <rect class="back" width="512" height="512" rx="112"/>
  ${mark(1, 'currentColor').replace('fill="currentColor"', 'class="tag"')}
</svg>
`;

async function png(svg, size, name) {
  const buffer = await sharp(Buffer.from(svg))
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toBuffer();
  writeFileSync(`${PUBLIC}${name}`, buffer);
  console.log(`${name}: ${buffer.length} bytes`);
}

mkdirSync(PUBLIC, { recursive: true });
writeFileSync(`${PUBLIC}favicon.svg`, favicon);
await png(icon(), 192, 'icon-192.png');
await png(icon(), 512, 'icon-512.png');
await png(icon({ maskable: true }), 512, 'icon-maskable-512.png');
// iOS rounds the corners itself and shows transparency as black: a full square.
await png(icon({ maskable: true }), 180, 'apple-touch-icon.png');
