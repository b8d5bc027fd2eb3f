/** The storage subsystem: parameter commands and non-volatile memory housekeeping. */
import type { Executive } from '../executive/executive.js';
import { DONE, failed, type FlightModule } from '../executive/module.js';
import { ParameterTable, type ParamDef } from './parameters.js';

const PARAMS_RECORD = 'storage.params';

function describeRange(def: ParamDef): string {
  if (def.enum) return `one of ${def.enum.join(', ')}`;
  if (def.type === 'boolean') return 'true or false';
  const range = def.min !== undefined || def.max !== undefined ? ` ${def.min ?? ''}..${def.max ?? ''}` : '';
  return `${def.type}${range}${def.unit ? ` ${def.unit}` : ''}`;
}

export function createStorageModule(core: Executive): FlightModule {
  let savedVersion = 0;
  return {
    name: 'storage',
    rateHz: 1,
    boot: () => {
      savedVersion = core.params.version;
    },
    commands: {
      param_set: (args, ctx) => {
        const name = args.name as string;
        const set = core.params.set(name, args.value);
        if (!set.ok) return failed('invalid-value', set.error);
        ctx.event('param_changed', { name, value: String(core.params.get(name)).slice(0, 64) });
        return DONE;
      },
      param_get: (args, ctx) => {
        const name = args.name as string;
        const value = core.params.tryGet(name);
        if (!value.ok) return failed('invalid-value', value.error);
        ctx.event('param_value', { name, value: String(value.value).slice(0, 64), range: describeRange(core.params.def(name)).slice(0, 120) });
        return DONE;
      },
      param_save: () => {
        const saved = core.params.save(core.store, PARAMS_RECORD);
        if (!saved.ok) return failed('execution-failed', saved.error);
        savedVersion = core.params.version;
        return DONE;
      },
      param_load: () => {
        const loaded = ParameterTable.load(core.paramDefs, core.store, PARAMS_RECORD);
        if (!loaded.ok) return failed('execution-failed', loaded.error);
        if (loaded.value.source !== 'nvm') return failed('invalid-value', loaded.value.problem ?? 'no parameter table has been saved');
        core.params = loaded.value.table;
        savedVersion = core.params.version;
        return DONE;
      },
    },
    housekeeping: () => {
      const counters = core.store.counters();
      return {
        nvmWrites: counters.writes,
        nvmWriteFailures: counters.writeFailures,
        corruptSlots: counters.corruptSlotsSeen,
        paramsVersion: core.params.version,
        paramsSource: core.paramsSource,
        paramsUnsaved: Math.max(0, core.params.version - savedVersion),
      };
    },
  };
}
