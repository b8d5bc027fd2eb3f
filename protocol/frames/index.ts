/** CCSDS transfer frames: TC frames up, fixed-length TM frames down, with the space packets inside. */
export * from './frame-result.js';
export * from './idle-packet.js';
export * from './link-config.js';
export * from './tc-frame.js';
export * from './tc-framer.js';
export * from './tm-deframer.js';
export * from './tm-frame.js';
export * from './tm-framer.js';
export * from './tm-packer.js';
