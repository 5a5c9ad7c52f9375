/**
 * One way to write an amount of money, in Slack and in the CLI alike: dollars with two decimals
 * from a cent up, four below (training a small dataset costs fractions of a cent, and "$0.00"
 * would say it is free), "under $0.0001" below that, and "unknown" when no price is known (never a
 * guess). A range is written "$low to $high".
 */
export function formatUsd(usd: number | undefined | null): string {
  if (usd === undefined || usd === null || !Number.isFinite(usd)) return 'unknown';
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return 'under $0.0001';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** A range of amounts; one amount when both ends round to the same text. */
export function formatUsdRange(low: number, high: number): string {
  const [from, to] = [formatUsd(low), formatUsd(high)];
  return from === to ? from : `${from} to ${to}`;
}
