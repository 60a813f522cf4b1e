/**
 * Public surface of the simulator: synthetic national databases from one seed, for the bench, the
 * simulate script and tests. Not part of the service: nothing under src/ but this folder imports it.
 */
export { DEFAULT_SHAPE_WEIGHTS, MEMBER_RELATIONSHIPS, simulateDatabase, stepAllele } from './simulate-database';
export type { MutationRates, SimulatedRecord, SimulatedShape, SimulationOptions } from './simulate-database';
