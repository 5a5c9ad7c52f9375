import { describe, expect, it } from 'vitest';
import { crc32, encodeEvent } from '../../../src/local/bedrock-emulator/event-stream.js';

describe('the event-stream encoding', () => {
  it('checksums with CRC-32 (IEEE): the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('frames a message: total length, headers length, prelude checksum, message checksum', () => {
    const message = encodeEvent('messageStop', { stopReason: 'end_turn' });

    expect(message.readUInt32BE(0)).toBe(message.length);
    expect(message.readUInt32BE(8)).toBe(crc32(message.subarray(0, 8)));
    expect(message.readUInt32BE(message.length - 4)).toBe(crc32(message.subarray(0, message.length - 4)));
    const headersLength = message.readUInt32BE(4);
    expect(message.subarray(12, 12 + headersLength).toString('latin1')).toContain(':event-type');
    expect(JSON.parse(message.subarray(12 + headersLength, message.length - 4).toString('utf8'))).toEqual({
      stopReason: 'end_turn',
    });
  });
});
