/**
 * Lower bounds on the roster objective stronger than the LP relaxation of mip.ts: column generation over each
 * agent's feasible monthly patterns (Dantzig-Wolfe), see column-generation.ts.
 */
export {
  rosterLowerBound,
  buildBoundModel,
  lagrangianBound,
  patternColumn,
  patternsOfRoster,
  pricingCosts,
  type BoundModel,
  type LowerBoundOptions,
  type LowerBoundProgress,
  type LowerBoundResult,
} from './column-generation';
export { AgentPricer, PricingUnsupported, type Pattern, type PricingCosts, type PricingResult, type TrainingSlot } from './pricing';
