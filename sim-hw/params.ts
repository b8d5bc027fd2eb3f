/** The range check every simulator parameter goes through. */

/** Pushes "<label> <value> is not [an integer ]in <min>..<max>" when value is outside [min, max] (or not finite, or not an integer when asked). */
export function checkRange(problems: string[], label: string, value: number, min: number, max: number, integer = false): void {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    problems.push(`${label} ${value} is not ${integer ? 'an integer ' : ''}in ${min}..${max}`);
  }
}
