/**
 * The fault magnitudes the spacecraft is designed to survive, within which
 * every campaign invariant must hold. Each bound says why (measurements in
 * test/property/README.md); where no design reason exists the schema's own
 * maximum (sim-hw/faults/types.ts FAULT_SCHEMAS) is used. A bound is a
 * design statement, not a way to hide a failure: a violation inside these
 * bounds is a bug to report, with its seed.
 */

export const SURVIVABLE = {
  /** Thermal sensors vote 2 of 3: one faulty sensor per zone at a time (single-fault tolerance), of any magnitude. */
  sensorNoiseSigmaCMax: 100,
  sensorOffsetCAbsMax: 200,
  /**
   * Usable battery capacity lost, all losses of a scenario together. The
   * estimator is not told of a loss: over a 25-point eclipse discharge a
   * loss f makes the truth fall 25 f / (1 - f) points further than the
   * estimate, 25 points at f = 0.5, inside the 40 points between the floor
   * (60 %) and the hard floor (20 %).
   */
  batteryCapacityLossTotalMax: 0.5,
  /** Solar array output lost, all degradations together: beyond half, the orbit-average power no longer covers the housekeeping loads and the battery drains over orbits whatever the software does. */
  arrayDegradationTotalMax: 0.5,
  /**
   * Extra current of a latch-up. The bus sags at onset, in the same tick,
   * before any software can act (measured: brown-out from about 31 A at
   * 80 % charge); 10 A leaves room for a low charge and the accelerator at
   * its maximum. Beyond it only a hardware current limiter helps.
   */
  latchupExtraCurrentAMax: 10,
  /** Upsets in one burst: the schema's maximum (ECC, scrubbing and re-runs must cope, or fail the job with a reason). */
  upsetBurstCountMax: 100_000,
  /**
   * Radiation multiplier of a storm: the largest storms observed (October
   * 1989, about 1000 times the quiet rate). Survived up to the schema's
   * 100 000 in exploration, but the simulator's cost grows with the rate
   * (x100 000 flies about 8 times slower), which the CI budget cannot carry.
   */
  solarStormMultiplierMax: 1000,
  /** A hung computer: the hardware watchdog resets it; hangs up to half an hour. */
  obcHangSMax: 1800,
} as const;
