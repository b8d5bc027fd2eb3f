/** A command's progress as the lines an operator reads while it flies. */
import type { CommandRecord } from '../api/contract.js';

const time = (timeS: number) => `t=${timeS.toFixed(2)} s`;

export function commandTitle(record: CommandRecord): string {
  return `#${record.id} ${record.name}`;
}

export function progressLines(record: CommandRecord, previous: CommandRecord | undefined): string[] {
  if (!previous) {
    const extras = [
      `seq ${record.seq}`,
      ...(record.atS !== undefined ? [`time-tagged for ${time(record.atS)}`] : []),
      ...(record.armId !== undefined ? [`after arm #${record.armId}`] : []),
    ];
    return [`${commandTitle(record)} ${record.state} by ${record.user} (${extras.join(', ')})`, ...stageLines(record, 0)];
  }
  const lines: string[] = [];
  if (record.transmissions > previous.transmissions && record.transmissions > 1) {
    lines.push(`  retransmitted (transmission ${record.transmissions}): no acceptance yet`);
  }
  lines.push(...stageLines(record, previous.stages.length));
  if (record.state !== previous.state && record.stages.length === previous.stages.length) lines.push(`  ${record.state}`);
  return lines;
}

function stageLines(record: CommandRecord, from: number): string[] {
  return record.stages.slice(from).map((stage) => {
    const detail = stage.detail ? `: ${stage.detail}` : '';
    const duplicate = stage.duplicate ? ' [answer to a retransmission, executed once]' : '';
    return `  ${stage.stage.padEnd(10)} ${stage.reason}${detail} (${time(stage.timeS)})${duplicate}`;
  });
}
