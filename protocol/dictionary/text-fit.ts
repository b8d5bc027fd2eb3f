/**
 * Text cut to its field: every text field of a telemetry packet or event
 * has a maxLength in the dictionary, and the flight software cuts a longer
 * text to it where the packet is built (fsw/telemetry/packets.ts), once,
 * rather than at every call. The cut is by UTF-16 code units
 * (String.prototype.slice), which never leaves more code points than the
 * limit (JSON Schema's maxLength counts code points).
 */
import type { JsonSchema } from './types.js';

/** [field, maxLength] of each plain text field of an object schema (choices and patterned texts have their own rule). */
export type TextLimits = readonly (readonly [string, number])[];

export function textLimits(schema: JsonSchema): TextLimits {
  const properties = (schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
  const limits: [string, number][] = [];
  for (const [name, field] of Object.entries(properties)) {
    if (field.type === 'string' && typeof field.maxLength === 'number' && field.enum === undefined && field.pattern === undefined)
      limits.push([name, field.maxLength]);
  }
  return limits;
}

/** The data with every text longer than its limit cut to it: the same object when none is. */
export function fitTexts<T extends Readonly<Record<string, unknown>>>(data: T, limits: TextLimits): T {
  let fitted: Record<string, unknown> | null = null;
  for (const [name, maxLength] of limits) {
    const value = data[name];
    if (typeof value !== 'string' || value.length <= maxLength) continue;
    fitted ??= { ...data };
    fitted[name] = value.slice(0, maxLength);
  }
  return (fitted ?? data) as T;
}

/** A text cut to a limit (fieldMaxLength: one field's). */
export function fitText(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : text.slice(0, maxLength);
}
