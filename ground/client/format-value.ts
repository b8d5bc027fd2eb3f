/** Telemetry and event values as an operator reads them. */

export function formatValue(value: unknown, unit?: string): string {
  let text: string;
  if (typeof value === 'number') text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  else if (typeof value === 'string') text = value;
  else if (value === null || value === undefined) text = '-';
  else {
    const json = JSON.stringify(value);
    text = json.length > 72 ? `${json.slice(0, 69)}...` : json;
  }
  return unit ? `${text} ${unit}` : text;
}

export const formatTimeS = (timeS: number | null) => (timeS === null ? 'never' : `t=${timeS.toFixed(2)} s`);

export function formatAge(atMs: number | null, nowMs = Date.now()): string {
  if (atMs === null) return 'never';
  const ageS = Math.max(0, (nowMs - atMs) / 1000);
  return ageS < 120 ? `${ageS.toFixed(1)} s ago` : `${(ageS / 60).toFixed(1)} min ago`;
}
