/**
 * Mission time as an rxjs scheduler, so that the ground's commander
 * (ground/server/commander.ts) times its retransmissions on the simulation's
 * clock instead of the wall clock. now() is mission time as the archive's
 * receive time (milliseconds on the mission epoch). Time moves only when the
 * runner calls advanceTo (once a second, as the operator acts); then every
 * action whose delay has passed runs, in the order they were scheduled. An
 * action is due when `now - then >= delay`, compared in seconds of mission
 * time: the comparison the scripted operator always made, so that runs stay
 * bit for bit what they were.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { missionMs } from './archive-sink.js';

export class MissionScheduler implements SchedulerLike {
  private timeS: number;
  /** Waiting actions, in the order they were scheduled. */
  private readonly waiting = new Set<MissionAction<unknown>>();

  constructor(startS: number) {
    this.timeS = startS;
  }

  /** Mission time, seconds. */
  get nowS(): number {
    return this.timeS;
  }

  now(): number {
    return missionMs(this.timeS);
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new MissionAction<T>(this, work).schedule(state, delay);
  }

  /** Moves mission time on to timeS and runs what is due by then. */
  advanceTo(timeS: number): void {
    if (timeS < this.timeS) throw new Error(`mission scheduler: time goes back from ${this.timeS} s to ${timeS} s`);
    this.timeS = timeS;
    for (let action = this.firstDue(); action !== undefined; action = this.firstDue()) {
      this.waiting.delete(action);
      action.run();
    }
  }

  /** @internal (MissionAction) */
  wait(action: MissionAction<unknown>): void {
    this.waiting.delete(action);
    this.waiting.add(action);
  }

  /** @internal (MissionAction) */
  forget(action: MissionAction<unknown>): void {
    this.waiting.delete(action);
  }

  private firstDue(): MissionAction<unknown> | undefined {
    for (const action of this.waiting) if (this.timeS - action.fromS >= action.delayS) return action;
    return undefined;
  }
}

class MissionAction<T> extends Subscription implements SchedulerAction<T> {
  /** When it was scheduled, and how long after that it runs (seconds of mission time). */
  fromS = 0;
  delayS = 0;
  private state: T | undefined;

  constructor(
    private readonly scheduler: MissionScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
    this.add(() => scheduler.forget(this as MissionAction<unknown>));
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.fromS = this.scheduler.nowS;
    this.delayS = delay / 1000;
    this.scheduler.wait(this as MissionAction<unknown>);
    return this;
  }

  run(): void {
    if (!this.closed) this.work.call(this, this.state);
  }
}
