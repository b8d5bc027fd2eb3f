/**
 * Number formatting for the report: SVG coordinates (one decimal, no "-0"),
 * axis tick values, mission times and "nice" tick positions.
 */

/** An SVG coordinate: one decimal place, shortest form. */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Tick values from `min` to `max` on a 1-2-5 step, about `count` of them. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min || count < 1) return Number.isFinite(min) ? [min] : [];
  const step = niceStep((max - min) / count);
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const value = first + i * step;
    if (value > max + step * 1e-9) break;
    ticks.push(roundToStep(value, step));
  }
  return ticks;
}

export function niceStep(rough: number): number {
  const exponent = Math.floor(Math.log10(rough));
  const base = 10 ** exponent;
  const fraction = rough / base;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * base;
}

function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

/** A tick label: no trailing zeros, at most three decimals. */
export function tickLabel(value: number): string {
  const text = Number(value.toFixed(3)).toString();
  return text === '-0' ? '0' : text;
}

/** Mission time as h:mm:ss (hours not wrapped at 24). */
export function clockTime(timeS: number): string {
  const sign = timeS < 0 ? '-' : '';
  const total = Math.round(Math.abs(timeS));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${sign}${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** A value for a tooltip: up to `digits` decimals, trailing zeros dropped. */
export function round(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return String(value);
  return tickLabel(Number(value.toFixed(digits)));
}

/** A count and its noun, plural unless the count (as shown) is 1: "1 contact", "2 contacts", "1.5 orbits". */
export function counted(count: number | string, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${Number(count) === 1 ? noun : pluralNoun}`;
}

/** Text cut to at most `max` UTF-16 units, with an ellipsis when cut (never inside a surrogate pair). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
