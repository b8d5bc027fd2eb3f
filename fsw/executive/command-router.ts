/**
 * Every module's command handlers, registered through the modules' doors,
 * and the rules every command obeys wherever it comes from: the mode gate
 * (the dictionary's `modes`, SAFE and NOMINAL by default) and a handler
 * that throws ending as execution-failed. Commands from on board (a routine,
 * a monitor's response) also pass here whole: no hazardous command, the
 * arguments checked against the schema, the gate, the handler.
 */
import type { Dictionary } from '../../protocol/index.js';
import { DEFAULT_COMMAND_MODES } from './modes.js';
import type { AnyCommandHandler, CommandInfo, CommandOutcome, CommandSource, Mode } from './module.js';

export class CommandRouter {
  private readonly handlers = new Map<string, AnyCommandHandler>();

  constructor(
    private readonly dictionary: Dictionary,
    private readonly mode: () => Mode,
  ) {}

  /** Throws unless every handler is one of the module's own subsystem's commands, and not handled already. */
  register(module: string, handlers: Readonly<Record<string, AnyCommandHandler>>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      const entry = this.dictionary.command(name);
      if (!entry || entry.subsystem.name !== module) throw new Error(`module ${module} handles "${name}", which is not one of its dictionary commands`);
      if (this.handlers.has(name)) throw new Error(`two modules handle "${name}"`);
      this.handlers.set(name, handler);
    }
  }

  /** The commands some module answers. */
  handled(): readonly string[] {
    return [...this.handlers.keys()];
  }

  /** Why the mode forbids a command, or null when it may run. */
  modeGate(name: string, modes: readonly string[] | undefined, mode: Mode = this.mode()): string | null {
    const allowed = modes ?? DEFAULT_COMMAND_MODES;
    return allowed.includes(mode) ? null : `${name} is not allowed in ${mode} (allowed in ${allowed.join(', ')})`;
  }

  /** Runs the handler; `args` must have passed the command's schema. */
  execute(name: string, args: Readonly<Record<string, unknown>>, info: CommandInfo): CommandOutcome {
    const handler = this.handlers.get(name);
    if (!handler) return { ok: false, reason: 'unavailable', detail: `no module on board answers ${name}` };
    try {
      // The arguments passed the command's schema (the decode boundary, or runInternal): they are its typed arguments.
      return handler(args as never, info);
    } catch (error) {
      return { ok: false, reason: 'execution-failed', detail: `${name} threw: ${(error as Error).message}` };
    }
  }

  /**
   * Runs a command from on board (a routine or a monitor response): the mode
   * gate applies, hazardous commands are refused, no verification reports.
   */
  runInternal(name: string, args: Readonly<Record<string, unknown>>, source: CommandSource): CommandOutcome {
    const entry = this.dictionary.command(name);
    if (!entry) return { ok: false, reason: 'invalid-value', detail: `no command "${name}"` };
    if (entry.def.hazardous) return { ok: false, reason: 'not-schedulable', detail: `${name} is hazardous` };
    const validate = this.dictionary.validator(entry);
    if (!validate(args)) return { ok: false, reason: 'invalid-value', detail: `${name}: arguments do not match the dictionary` };
    const gate = this.modeGate(name, entry.def.modes);
    if (gate) return { ok: false, reason: 'mode-forbidden', detail: gate };
    return this.execute(name, args, { name, source, keyId: null, seq: null });
  }
}
