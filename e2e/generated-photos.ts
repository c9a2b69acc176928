import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(kind: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
  return Buffer.concat([head, body, crc]);
}

/** An 8-bit PNG of `raw` scanlines, each led by its filter type byte. */
export function pngBytes(
  width: number,
  height: number,
  raw: Buffer,
  { colourType = 2, bitDepth = 8 }: { colourType?: 0 | 2 | 6; bitDepth?: 1 | 8 } = {},
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(bitDepth, 8);
  header.writeUInt8(colourType, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PNG of one colour, written here rather than committed: a huge photo of one colour compresses to a
 * few hundred kilobytes. `bitDepth` 1 with colour type 0 is the smallest (a 16000x16000 one is 31 KB).
 */
export function writeSolidPng(
  name: string,
  width: number,
  height: number,
  { colourType = 2, bitDepth = 8, value = 0 }: { colourType?: 0 | 2 | 6; bitDepth?: 1 | 8; value?: number } = {},
): string {
  const channels = { 0: 1, 2: 3, 6: 4 }[colourType];
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  const raw = Buffer.alloc(rowBytes * height, value);
  for (let y = 0; y < height; y++) raw[y * rowBytes] = 0; // filter type None
  const dir = join(tmpdir(), `cliptag-e2e-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, pngBytes(width, height, raw, { colourType, bitDepth }));
  return path;
}
