/**
 * Scenario files: time-tagged faults as JSON, validated whole on load (one
 * bad entry rejects the file, with every problem named).
 *
 *   { "format": "orbital-node-scenario/1",
 *     "description": "latch-up on the accelerator rail during the second orbit",
 *     "faults": [ { "atS": 6200, "kind": "latchup", "rail": "accelerator", "extraCurrentA": 3 } ] }
 */

import { readFileSync } from 'node:fs';
import { accept, compileSchema, describeErrors, fail, type Outcome, type Validator } from '../../protocol/index.js';
import { DURATION_REQUIRED, FAULT_SCHEMAS, LASTING_KINDS, OPTIONAL_PARAMS, type FaultKind, type TimedFault } from './types.js';

export const SCENARIO_FORMAT = 'orbital-node-scenario/1';
export const SCENARIO_FAULTS_MAX = 10_000;

export interface Scenario {
  readonly description: string;
  /** Sorted by atS (stable for equal times). */
  readonly faults: readonly TimedFault[];
}

const validators = new Map<FaultKind, Validator>();

function validatorFor(kind: FaultKind): Validator {
  let validate = validators.get(kind);
  if (!validate) {
    const params = FAULT_SCHEMAS[kind];
    validate = compileSchema({
      type: 'object',
      properties: { kind: { const: kind }, atS: { type: 'number', minimum: 0 }, durationS: { type: 'number', exclusiveMinimum: 0 }, ...params },
      required: ['kind', 'atS', ...Object.keys(params).filter((name) => !OPTIONAL_PARAMS.has(name))],
      additionalProperties: false,
    });
    validators.set(kind, validate);
  }
  return validate;
}

/** Checks one fault; returns the problem or null. */
export function checkFault(value: unknown, where: string): string | null {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in FAULT_SCHEMAS)) {
    return `${where}.kind must be one of ${Object.keys(FAULT_SCHEMAS).join(', ')}`;
  }
  const validate = validatorFor(kind as FaultKind);
  if (!validate(value)) return `${where} (${kind}): ${describeErrors(validate.errors, where).slice(where.length + 1)}`;
  const durationS = (value as { durationS?: number }).durationS;
  if (durationS !== undefined && !LASTING_KINDS.has(kind as FaultKind)) return `${where} (${kind}): happens at once, durationS does not apply`;
  if (durationS === undefined && DURATION_REQUIRED.has(kind as FaultKind)) return `${where} (${kind}): needs durationS`;
  return null;
}

export function parseScenario(text: string, source = 'scenario'): Outcome<Scenario> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fail(`${source} is not JSON: ${(error as Error).message}`);
  }
  const doc = document as { format?: unknown; description?: unknown; faults?: unknown };
  if (doc === null || typeof doc !== 'object') return fail(`${source} must be a JSON object`);
  if (doc.format !== SCENARIO_FORMAT) return fail(`${source}: "format" must be "${SCENARIO_FORMAT}"`);
  if (doc.description !== undefined && typeof doc.description !== 'string') return fail(`${source}: "description" must be text`);
  if (!Array.isArray(doc.faults)) return fail(`${source}: "faults" must be an array`);
  if (doc.faults.length > SCENARIO_FAULTS_MAX) return fail(`${source}: ${doc.faults.length} faults, at most ${SCENARIO_FAULTS_MAX}`);
  const problems = doc.faults.map((fault, index) => checkFault(fault, `faults[${index}]`)).filter((problem): problem is string => problem !== null);
  if (problems.length > 0) return fail(`${source} is invalid:\n  ${problems.join('\n  ')}`);
  const faults = [...(doc.faults as TimedFault[])]
    .map((fault, index) => ({ fault, index }))
    .sort((a, b) => a.fault.atS - b.fault.atS || a.index - b.index)
    .map((entry) => entry.fault);
  return accept({ description: (doc.description as string | undefined) ?? '', faults });
}

export function readScenarioFile(path: string): Outcome<Scenario> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`scenario file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseScenario(text, `scenario file ${path}`);
}

export function scenarioDocument(scenario: Scenario): unknown {
  return { format: SCENARIO_FORMAT, description: scenario.description, faults: scenario.faults };
}
