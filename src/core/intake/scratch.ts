/**
 * A temporary file that remembers the SHA-256 and size of what was written to it. Intake keeps
 * a dataset on local disk (Lambda's /tmp) between downloading, converting, validating and storing
 * it, so a 1 GB file is read several times without ever being held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceLines } from '../dataset/index.js';

export class ScratchFile {
  readonly path: string;
  private readonly directory: string;
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private failure: Error | undefined;
  private digest: string | undefined;
  bytes = 0;
  lines = 0;
  /** Where each line written came from in the person's file (see `SourceLines`). */
  readonly sources = new SourceLines();

  private constructor(directory: string, name: string) {
    this.directory = directory;
    this.path = join(directory, name);
    this.stream = createWriteStream(this.path);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  static async create(name = 'data'): Promise<ScratchFile> {
    return new ScratchFile(await mkdtemp(join(tmpdir(), 'tune-intake-')), name);
  }

  /** Copies a stream into a new scratch file. */
  static async from(source: AsyncIterable<Uint8Array>, name = 'original'): Promise<ScratchFile> {
    const file = await ScratchFile.create(name);
    for await (const chunk of source) await file.writeBytes(chunk);
    await file.close();
    return file;
  }

  async writeBytes(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Writes one JSONL line (the newline is added), made from `sourceLine` of the person's file. */
  async writeLine(line: string, sourceLine?: number): Promise<void> {
    this.lines++;
    this.sources.add(sourceLine);
    await this.writeBytes(Buffer.from(`${line}\n`, 'utf8'));
  }

  async close(): Promise<void> {
    if (this.digest !== undefined) return;
    this.stream.end();
    await once(this.stream, 'close');
    this.digest = this.hash.digest('hex');
    if (this.failure) throw this.failure;
  }

  /** The content's SHA-256 (hex), once closed. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error('ScratchFile.sha256 read before close()');
    return this.digest;
  }

  open(): AsyncIterable<Uint8Array> {
    return createReadStream(this.path);
  }

  /** The first bytes, for telling the kind of file. */
  async head(length = 8192): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let read = 0;
    for await (const chunk of createReadStream(this.path, { start: 0, end: Math.max(0, length - 1) })) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(buffer);
      read += buffer.length;
    }
    return Buffer.concat(chunks, read);
  }

  async remove(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }
}
