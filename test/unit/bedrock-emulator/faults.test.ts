import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/local/bedrock-emulator/faults.js';

function draws(injector: FaultInjector, count: number, operation = 'InvokeModel'): (string | undefined)[] {
  return Array.from({ length: count }, () => {
    const fault = injector.draw(operation);
    return fault === 'hang' ? fault : fault?.type;
  });
}

function errorOf(fault: ReturnType<FaultInjector['draw']>) {
  if (fault === 'hang') throw new Error('expected an error, got a hang');
  return fault;
}

describe('FaultInjector', () => {
  it('injects nothing by default', () => {
    expect(draws(new FaultInjector(), 50).every((fault) => fault === undefined)).toBe(true);
  });

  it('throttles and fails at roughly the configured rates, with the HTTP statuses the SDK expects', () => {
    const injector = new FaultInjector({ throttleRate: 0.2, serverErrorRate: 0.1, seed: 9 });

    const results = draws(injector, 2000);
    const throttled = results.filter((fault) => fault === 'ThrottlingException').length;
    const failed = results.filter((fault) => fault === 'InternalServerException').length;

    expect(throttled / 2000).toBeCloseTo(0.2, 1);
    expect(failed / 2000).toBeCloseTo(0.1, 1);
    expect(errorOf(new FaultInjector({ throttleRate: 1 }).draw('X'))?.status).toBe(429);
    expect(errorOf(new FaultInjector({ serverErrorRate: 1 }).draw('X'))?.status).toBe(500);
  });

  it('hangs at the configured rate, after the errors, leaving their sequence as it was without hangs', () => {
    const errors = { throttleRate: 0.2, serverErrorRate: 0.1, seed: 9 };

    const withHangs = draws(new FaultInjector({ ...errors, hangRate: 0.1 }), 2000);
    const without = draws(new FaultInjector(errors), 2000);

    expect(withHangs.filter((fault) => fault === 'hang').length / 2000).toBeCloseTo(0.1, 1);
    expect(withHangs.map((fault) => (fault === 'hang' ? undefined : fault))).toEqual(without);
    expect(new FaultInjector({ hangRate: 1 }).draw('X')).toBe('hang');
  });

  it('repeats the same sequence for the same seed', () => {
    const settings = { throttleRate: 0.3, serverErrorRate: 0.3, seed: 5 };

    expect(draws(new FaultInjector(settings), 100)).toEqual(draws(new FaultInjector(settings), 100));
  });

  it('stops after the maximum number of faults and restarts counting when set again', () => {
    const injector = new FaultInjector({ throttleRate: 1, maxFaults: 2 });

    expect(draws(injector, 4)).toEqual(['ThrottlingException', 'ThrottlingException', undefined, undefined]);
    injector.set({ serverErrorRate: 1, maxFaults: 1 });
    expect(draws(injector, 2)).toEqual(['InternalServerException', undefined]);
  });

  it('limits faults to the operations named', () => {
    const injector = new FaultInjector({ throttleRate: 1, operations: ['Converse'] });

    expect(injector.draw('InvokeModel')).toBeUndefined();
    expect(errorOf(injector.draw('Converse'))?.type).toBe('ThrottlingException');
  });
});
