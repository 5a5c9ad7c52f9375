import { describe, expect, it } from 'vitest';
import { emulatorWorld } from '../../../src/local/stack.js';

describe('TUNE_EMULATOR_WORLD', () => {
  it('plays today’s Bedrock when unset or empty, and the workshop’s when asked', () => {
    expect(emulatorWorld(undefined)).toBe('today');
    expect(emulatorWorld('')).toBe('today');
    expect(emulatorWorld('2024')).toBe('2024');
    expect(emulatorWorld('today')).toBe('today');
  });

  it('stops the start on any other value, naming the variable and the values it takes', () => {
    expect(() => emulatorWorld('2025')).toThrow(
      'TUNE_EMULATOR_WORLD is "2025"; it chooses which Bedrock the emulator plays and must be one of: today, 2024.',
    );
  });
});
