/**
 * The dictionary as the console uses it, from GET /api/dictionary (the
 * document `ground dictionary` prints): numeric telemetry fields with their
 * units and limits for the charts, commands with their argument schemas and
 * roles for the forms.
 */
import { ROUTES } from '../api/routes.js';
import type { dictionaryDocument } from '../../protocol/dictionary/document.js';

export type DictionaryDocument = ReturnType<typeof dictionaryDocument>;
export type CommandDoc = DictionaryDocument['subsystems'][number]['commands'][number];
export type ArgDoc = CommandDoc['args'][number];

export interface NumericField {
  /** "packet.field". */
  readonly key: string;
  readonly packet: string;
  readonly name: string;
  readonly unit?: string;
  readonly limits?: Readonly<Record<string, number>>;
  /** For the legend: "packet.field (unit)". */
  readonly label: string;
}

export interface ConsoleDictionary {
  readonly numericFields: readonly NumericField[];
  readonly commands: readonly CommandDoc[];
  /** The job kinds submit_job takes (its `kind` enum): the kinds a fleet job may have too. */
  readonly jobKinds: readonly string[];
}

export async function loadDictionary(): Promise<ConsoleDictionary> {
  const response = await fetch(ROUTES.dictionary.path);
  if (!response.ok) throw new Error(`${ROUTES.dictionary.path} answered ${response.status}`);
  const document = (await response.json()) as DictionaryDocument;
  const numericFields: NumericField[] = [];
  for (const subsystem of document.subsystems) {
    for (const packet of subsystem.telemetry) {
      for (const field of packet.fields) {
        const type = (field.schema as { type?: string }).type;
        if (type !== 'number' && type !== 'integer') continue;
        const key = `${packet.name}.${field.name}`;
        numericFields.push({
          key,
          packet: packet.name,
          name: field.name,
          ...(field.unit !== undefined ? { unit: field.unit } : {}),
          ...(field.limits !== undefined ? { limits: field.limits as Record<string, number> } : {}),
          label: `${key}${field.unit ? ` (${field.unit})` : ''}`,
        });
      }
    }
  }
  const commands = document.subsystems.flatMap((subsystem) => subsystem.commands);
  const kindSchema = commands.find((one) => one.name === 'submit_job')?.args.find((arg) => arg.name === 'kind')?.schema as { enum?: string[] } | undefined;
  return { numericFields, commands, jobKinds: kindSchema?.enum ?? [] };
}
