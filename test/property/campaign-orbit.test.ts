/** Depth: one-orbit scenarios (through an eclipse) with arbitrary faults and command streams (mission/campaign/). */
import { it } from 'vitest';
import { ORBIT_PROFILE } from '../../mission/campaign/arbitraries.js';
import { runBoundedCampaign } from './campaign.js';

it('one-orbit scenarios: every invariant holds at every tick under arbitrary faults and commands', () => {
  runBoundedCampaign('orbit', ORBIT_PROFILE, 5);
}, 300_000);
