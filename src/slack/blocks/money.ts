/** Dollar amounts as tune shows them: small figures keep four decimals, an unknown price says so. */
export function formatUsd(usd: number | undefined | null): string {
  if (usd === undefined || usd === null) return 'unknown (no confirmed price)';
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '< $0.0001';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
