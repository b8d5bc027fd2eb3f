/**
 * The job runner's fixed bounds: every queue and store is bounded, and each
 * job must fit the non-volatile budget (its checkpoint, its result) and the
 * downlink (its result chunks). Sizes follow from these in shapes.ts, the
 * records' slots in jobs-record.ts.
 */

/** Jobs waiting or in work (queued, running, checkpointed, verifying). */
export const QUEUE_MAX = 64;
/** Finished jobs (done, failed) whose summaries are kept; the oldest is dropped and counted. */
export const FINISHED_MAX = 128;
/** Bytes of a job's result (the ground's result, checksums removed). */
export const RESULT_BYTES_MAX = 64 * 1024;
/** Bytes of a device checkpoint of one job (its kernel state and header). */
export const CHECKPOINT_BYTES_MAX = 72 * 1024;
/** Bytes of one job_result chunk (the dictionary's limit). */
export const RESULT_CHUNK_BYTES = 3072;
/** Inline input bytes held for all queued jobs together. */
export const INLINE_BYTES_MAX = 64 * 2048;
/** Real FLOPs of one launch the device accepts (its proxy-kernel limit, device datasheet). */
export const DEVICE_JOB_FLOP_MAX = 2e9;
/** Header bytes the device adds to a checkpoint's kernel state (device datasheet). */
export const DEVICE_CHECKPOINT_HEADER_BYTES = 24;

/** Seconds the runner waits for the device to show a started job or a requested checkpoint. */
export const DEVICE_ANSWER_TIMEOUT_S = 5;
