/** Non-volatile storage of the flight software: devices, the record store, the parameter table. */
export * from './crc32.js';
export * from './nvm.js';
export * from './param-def.js';
export * from './parameters.js';
export * from './records.js';
export * from './settings-cache.js';
export * from './slot-format.js';
