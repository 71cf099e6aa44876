// The page applies tick deltas exactly as the service's recordings do: one implementation, in src/shared.
export { applyDelta, isGap } from '../../../shared/delta'
