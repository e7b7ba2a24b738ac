/**
 * Text of a dropped file. Chinese spreadsheets save CSV as GBK more often than UTF-8, and nothing
 * in the file says which: a byte-order mark decides when there is one; else the bytes are tried
 * as strict UTF-8 (GBK text of any length is almost never valid UTF-8), and GB 18030 — a superset
 * of GBK and GB 2312 — reads the rest.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** The file began with a byte-order mark (dropped from `text`). */
  bom: boolean;
}

const BOMS: readonly { bytes: readonly number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Decodes `bytes` as `encoding` (a choice the user made), or detects it (see the module comment). */
export function decodeText(input: ArrayBuffer | Uint8Array, encoding?: TextEncodingName): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (encoding !== undefined) {
    const skip = bom?.encoding === encoding ? bom.bytes.length : 0;
    return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(skip)), encoding, bom: skip > 0 };
  }
  if (bom) return { text: new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.bytes.length)), encoding: bom.encoding, bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', bom: false };
  }
}
