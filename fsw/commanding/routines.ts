/**
 * Routines: commands run whenever a cron expression matches the mission
 * clock (UTC, from the mission epoch). Expressions are validated with
 * node-cron when uploaded; each is a node-cron task that is created but never
 * started, asked `match(date)` once per second of mission time: node-cron's
 * own timers are not used in flight.
 */
import cron from 'node-cron';
import { ROUTINES_MAX, accept, dateOfMissionTime, fail, type Outcome } from '../../protocol/index.js';

type CronTask = ReturnType<typeof cron.createTask>;

export interface RoutineEntry {
  readonly id: number;
  readonly cron: string;
  readonly command: string;
  readonly args: Readonly<Record<string, unknown>>;
  runs: number;
  lastOutcome: 'none' | 'completed' | 'failed';
}

interface Routine extends RoutineEntry {
  readonly task: CronTask;
}

/** Checks an expression with node-cron; the reason names the field at fault. */
export function checkCron(expression: string): Outcome<void> {
  const verdict = cron.validateDetailed(expression);
  if (verdict.valid) return accept(undefined);
  const first = verdict.errors[0];
  return fail(`cron "${expression}" is invalid${first ? `: ${first.field}: ${first.message}` : ''}`);
}

export class RoutineTable {
  private readonly routines = new Map<number, Routine>();

  get size(): number {
    return this.routines.size;
  }

  add(entry: Omit<RoutineEntry, 'runs' | 'lastOutcome'> & Partial<Pick<RoutineEntry, 'runs' | 'lastOutcome'>>): Outcome<void> {
    const valid = checkCron(entry.cron);
    if (!valid.ok) return valid;
    if (!this.routines.has(entry.id) && this.routines.size >= ROUTINES_MAX) return fail(`the routine table is full (${ROUTINES_MAX})`);
    this.remove(entry.id);
    const task = cron.createTask(entry.cron, () => undefined, { timezone: 'Etc/UTC' });
    this.routines.set(entry.id, { ...entry, runs: entry.runs ?? 0, lastOutcome: entry.lastOutcome ?? 'none', task });
    return accept(undefined);
  }

  remove(id: number): boolean {
    const routine = this.routines.get(id);
    if (!routine) return false;
    void routine.task.destroy();
    return this.routines.delete(id);
  }

  /** The routines whose expression matches the whole second of mission time `second`. */
  matching(second: number): RoutineEntry[] {
    if (this.routines.size === 0) return [];
    const date = dateOfMissionTime(second);
    const out: RoutineEntry[] = [];
    for (const routine of this.routines.values()) if (routine.task.match(date)) out.push(routine);
    return out;
  }

  list(): RoutineEntry[] {
    return [...this.routines.values()].map(({ task: _task, ...entry }) => entry);
  }

  toRecord(): RoutineEntry[] {
    return this.list();
  }

  /** Restores routines; returns the problems of the entries it had to skip. */
  restore(record: unknown): string[] {
    if (!Array.isArray(record)) return [];
    const problems: string[] = [];
    for (const entry of record as RoutineEntry[]) {
      const added = this.add(entry);
      if (!added.ok) problems.push(`routine ${entry?.id}: ${added.error}`);
    }
    return problems;
  }
}
