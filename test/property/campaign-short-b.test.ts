/** Breadth, second third: short scenarios with arbitrary faults and command streams (mission/campaign/). */
import { it } from 'vitest';
import { SHORT_PROFILE } from '../../mission/campaign/arbitraries.js';
import { runBoundedCampaign } from './campaign.js';

it('short scenarios (b): every invariant holds at every tick under arbitrary faults and commands', () => {
  runBoundedCampaign('short', SHORT_PROFILE, 70);
}, 300_000);
