/**
 * Every endpoint of the API with who may call it (test/integration/api-authz.test.ts checks
 * each against each caller and township), by area; the helpers and fixtures they are made
 * of are in ./authzMatrix.ts.
 */
import type { Endpoint, MatrixFixtures } from './authzMatrix';
import { authzEndpointsBallots } from './authzEndpointsBallots';
import { authzEndpointsCases } from './authzEndpointsCases';
import { authzEndpointsProcedures } from './authzEndpointsProcedures';
import { authzEndpointsRegistry } from './authzEndpointsRegistry';

export function authzEndpoints(f: MatrixFixtures): Endpoint[] {
  return [...authzEndpointsCases(f), ...authzEndpointsRegistry(f), ...authzEndpointsProcedures(f), ...authzEndpointsBallots(f)];
}
