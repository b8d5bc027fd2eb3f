/** The interface control document in code. Imports nothing of ours. */
export * from './auth.js';
export * from './build-telecommand.js';
export * from './cbor-codec.js';
export * from './cbor-scan.js';
export * from './crc16.js';
export * from './decode.js';
export * from './dictionary/index.js';
export * from './hex.js';
export * from './key-file.js';
export * from './limits.js';
export * from './packet.js';
export * from './replay-window.js';
export * from './result.js';
export * from './schema.js';
export * from './space-packet.js';
export * from './time-code.js';
export * from './dictionary/document.js';
