/**
 * The HTTP API as the API suites run it: a throwaway database with the demo county's
 * registry, an in-process worker on the test run's shared Temporal server (on the suite's
 * own task queue), and the API built on them, answering through `app.inject`.
 */
import { expect, inject } from 'vitest';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEFAULT_POLICY } from '../../domain/policy';
import { createUser } from '../../client/api/accounts';
import type { ApiModules } from '../../client/api/context';
import { apiModules, buildApi, type ApiDeps } from '../../client/api/server';
import { directBackend, type Backend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { createTestDatabase, type TestDatabase } from './db';
import { testPersonalData } from './personalData';
import type { PersonalDataCipher } from '../../client/crypto/personalData';
import { workerOnSharedServer, type SharedServerWorker } from './sharedServer';

export interface ApiStack {
  database: TestDatabase;
  shared: SharedServerWorker;
  client: Client;
  backend: Backend;
  modules: ApiModules;
  app: FastifyInstance;
  /** The stack's key for the registry's ID and phone numbers. */
  personalData: PersonalDataCipher;
}

/** `options` are the API's own (a clock, a web root, session lifetimes); the rest is the stack's. */
export async function startApiStack(
  taskQueue: string,
  options: Omit<Partial<ApiDeps>, 'db' | 'backend' | 'temporal' | 'modules'> = {},
): Promise<ApiStack> {
  const database = await createTestDatabase();
  const shared = await workerOnSharedServer(database.db, taskQueue);
  const client = shared.client;
  await seedRegistry(database.db);
  const personalData = testPersonalData();
  const deps = { db: database.db, client, policy: DEFAULT_POLICY, taskQueue, personalData };
  const backend = directBackend(deps);
  const modules = apiModules(deps);
  const app = await buildApi({
    db: database.db,
    backend,
    temporal: client,
    modules,
    personalData,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    ...options,
  });
  return { database, shared, client, backend, modules, app, personalData };
}

/** Signs in through the API and returns the session cookie (`name=value`). */
export async function loginCookie(app: FastifyInstance, login: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`login ${login}: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

/** A user created in the stack's database, signed in: their id and session cookie. */
export async function signedInUser(
  stack: Pick<ApiStack, 'database' | 'app'>,
  user: { login: string; role: string; townshipId?: string; password: string },
): Promise<{ userId: string; cookie: string }> {
  const { user: created } = await createUser(stack.database.db, user);
  return { userId: created.id, cookie: await loginCookie(stack.app, user.login, user.password) };
}

/** A 4xx problem document whose detail says something, and the detail. */
export function problem(res: LightMyRequestResponse, status: number): string {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { type: string; title: string; status: number; detail: string };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:cadreflow:problem:/);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(5);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  return body.detail;
}
