// NetworkPolicy / AdminNetworkPolicy evaluator: public API.
export { evaluateConnection, allowedConnections } from './evaluate';
export { decideDirection } from './decide';
export type { DecisionSegment, DecisionTier, DirectionDecision } from './decide';
export { selectorMatches, namespaceLabels } from './label-match';
export type {
  ConnectionVerdict,
  DirectionVerdict,
  EvaluateOptions,
  PeerEndpoint,
  PolicyRuleRef,
} from './types';
export {
  decideCalicoDirection,
  calicoPolicySelects,
  calicoRuleConnections,
  endpointView,
  type CalicoTierStep,
  type CalicoTrail,
} from './calico';
export { stageChain } from './stage-chain';
