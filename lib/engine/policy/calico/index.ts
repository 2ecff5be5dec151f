// Calico policy evaluation: public API. decideDirection (lib/engine/policy/decide.ts)
// switches to decideCalicoDirection when the model holds Calico policy objects.
export { decideCalicoDirection, calicoPolicySelects, tierPlan } from './decide';
export type { CalicoPolicyStep, CalicoRuleHit, CalicoStage, CalicoTierStep, CalicoTrail } from './decide';
export { calicoRuleConnections, effectiveSelector, entityMatches } from './rules';
export {
  endpointView,
  hostEndpointOf,
  podServiceAccount,
  workloadLabels,
  type CalicoEndpointView,
} from './endpoints';
export { calicoChain, type CalicoChainPolicy, type CalicoChainStep, type CalicoStepVerdict } from './chain';
export { calicoFixPolicy } from './fix';
