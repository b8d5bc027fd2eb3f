/**
 * Arm and fire: a hazardous command runs only if an arm naming it came first
 * and the window has not closed. One arm serves one command; arming another
 * replaces it; a reset disarms (the arm is not persisted).
 */
export class ArmState {
  private armed: { readonly command: string; readonly untilS: number } | null = null;

  arm(command: string, untilS: number): void {
    this.armed = { command, untilS };
  }

  /** True (and disarmed) when `command` was armed and the window is still open at timeS. */
  consume(command: string, timeS: number): boolean {
    const armed = this.armed;
    if (!armed || armed.command !== command || timeS > armed.untilS) return false;
    this.armed = null;
    return true;
  }

  /** The armed command's name while its window is open, else "". */
  armedCommand(timeS: number): string {
    return this.armed && timeS <= this.armed.untilS ? this.armed.command : '';
  }
}
