/**
 * The AWS event-stream encoding (`application/vnd.amazon.eventstream`) that ConverseStream answers
 * in, so that `@aws-sdk/client-bedrock-runtime` parses the emulator's stream as it parses Bedrock's.
 * Each message is: total length and headers length (4-byte big-endian each), a CRC32 of those 8
 * bytes, the headers, the payload, and a CRC32 of everything before it. A header is its name's
 * length (1 byte), the name, a type byte (7 = string), the value's length (2 bytes) and the value.
 * Format: https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html and
 * https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (the same encoding).
 */

const STRING_HEADER = 7;

// CRC-32 (IEEE 802.3, reflected 0xEDB88320), the checksum the encoding specifies. Written here
// rather than taken from node:zlib, whose crc32 needs a newer Node 20 than the engines field allows.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let offset = header.writeUInt8(nameBytes.length, 0);
    offset += nameBytes.copy(header, offset);
    offset = header.writeUInt8(STRING_HEADER, offset);
    offset = header.writeUInt16BE(valueBytes.length, offset);
    valueBytes.copy(header, offset);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

/** One message: `headers` as string headers, then `payload`. */
export function encodeMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const headerBytes = encodeHeaders(headers);
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  Buffer.from(payload).copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** An event of the stream's union (`messageStart`, `contentBlockDelta`, ...) with a JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Buffer {
  return encodeMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    Buffer.from(JSON.stringify(payload), 'utf8'),
  );
}
