/** The storage subsystem: the parameter table's record, the parameter commands and non-volatile memory housekeeping. */
import { DONE, defineModule, failed } from '../executive/module.js';
import { ParameterTable, type ParamDef } from './parameters.js';

/** The parameter table as of the last param_save. */
export const PARAMS_RECORD = { id: 'storage.params', slotBytes: 16384 } as const;

function describeRange(def: ParamDef): string {
  if (def.enum) return `one of ${def.enum.join(', ')}`;
  if (def.type === 'boolean') return 'true or false';
  const range = def.min !== undefined || def.max !== undefined ? ` ${def.min ?? ''}..${def.max ?? ''}` : '';
  return `${def.type}${range}${def.unit ? ` ${def.unit}` : ''}`;
}

export const createStorageModule = defineModule('storage', (ctx) => {
  const { services, records } = ctx;
  let savedVersion = 0;
  ctx.commands({
    param_set: ({ name, value }) => {
      const set = ctx.params.set(name, value);
      if (!set.ok) return failed('invalid-value', set.error);
      ctx.event('param_changed', { name, value: String(ctx.params.get(name)) });
      return DONE;
    },
    param_get: ({ name }) => {
      const value = ctx.params.tryGet(name);
      if (!value.ok) return failed('invalid-value', value.error);
      ctx.event('param_value', { name, value: String(value.value), range: describeRange(ctx.params.def(name)) });
      return DONE;
    },
    param_save: () => {
      const saved = ctx.params.save(records.values, PARAMS_RECORD.id);
      if (!saved.ok) return failed('execution-failed', saved.error);
      savedVersion = ctx.params.version;
      return DONE;
    },
    param_load: () => {
      const loaded = ParameterTable.load(services.paramDefs, records.values, PARAMS_RECORD.id);
      if (!loaded.ok) return failed('execution-failed', loaded.error);
      if (loaded.value.source !== 'nvm') return failed('invalid-value', loaded.value.problem ?? 'no parameter table has been saved');
      services.replaceParams(loaded.value.table);
      savedVersion = ctx.params.version;
      return DONE;
    },
  });
  return {
    rateHz: 1,
    records: [PARAMS_RECORD],
    parameterKeeper: {
      load: () => {
        const loaded = ParameterTable.load(services.paramDefs, records.values, PARAMS_RECORD.id);
        if (loaded.ok && loaded.value.problem) ctx.event('nvm_problem', { record: PARAMS_RECORD.id, detail: loaded.value.problem });
        return loaded;
      },
    },
    boot: () => {
      savedVersion = ctx.params.version;
    },
    housekeeping: () => {
      const counters = services.nvmCounters();
      return {
        nvmWrites: counters.writes,
        nvmWriteFailures: counters.writeFailures,
        corruptSlots: counters.corruptSlotsSeen,
        paramsVersion: ctx.params.version,
        paramsSource: services.paramsSource,
        paramsUnsaved: Math.max(0, ctx.params.version - savedVersion),
      };
    },
  };
});
