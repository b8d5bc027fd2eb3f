/** Runs a project binary (bin/*.js) as a user would, or a built entry point (dist/...), and captures what it prints. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Called with everything on standard error so far, each time more arrives (to wait for a line). */
  readonly onStderr?: (soFar: string) => void;
}

export function runBin(bin: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return runScript(`bin/${bin}.js`, args, options);
}

/** Runs a script of the project (a path from the root, such as dist/mission/campaign/main.js, which `make campaign` runs). */
export function runScript(script: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}/${script}`, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
