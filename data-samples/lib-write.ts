/**
 * Streams a JSON document made of one big array, one item per line (readable diffs), in ~1 MB
 * chunks, so million-row outputs never become one giant string.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK = 1 << 20;

export class JsonArrayWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  private first = true;
  /** Bytes written so far. */
  bytes = 0;
  /** Items written so far. */
  count = 0;

  /** `head` opens the array (e.g. `{"type":"FeatureCollection","features":[`), `tail` closes it. */
  constructor(
    readonly path: string,
    head: string,
    private readonly tail: string,
  ) {
    this.fd = openSync(path, 'w');
    this.push(head);
  }

  /** Appends one already-serialised JSON value. */
  item(json: string): void {
    this.push(this.first ? `\n${json}` : `,\n${json}`);
    this.first = false;
    this.count++;
  }

  close(): void {
    this.push(`\n${this.tail}\n`);
    this.flush();
    closeSync(this.fd);
  }

  private push(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buffer);
    this.bytes += buffer.length;
    this.parts = [];
    this.pending = 0;
  }
}

export const FEATURE_COLLECTION_HEAD = '{"type":"FeatureCollection","features":[';
export const FEATURE_COLLECTION_TAIL = ']}';

/** A GeoJSON Feature as compact JSON; `geometry` is pre-serialised coordinates of the given type. */
export function featureJson(properties: object, type: string, coordinates: unknown): string {
  return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":{"type":"${type}","coordinates":${JSON.stringify(coordinates)}}}`;
}
