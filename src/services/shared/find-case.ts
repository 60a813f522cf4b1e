import type { MissingCase } from '../../domain';
import { NotFoundError } from '../../lib';
import type { Repositories } from '../../store';

/** @throws NotFoundError when there is no such case. */
export async function findCase(repos: Repositories, id: string): Promise<MissingCase> {
  const c = await repos.cases.findById(id);
  if (!c) throw new NotFoundError(`no case ${id}`);
  return c;
}
