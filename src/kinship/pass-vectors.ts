/**
 * What an untyped member with untyped ancestry passes on, post-mutation (kinship-cases README §2.1):
 * an untyped founder passes q_s = p·M_s, an untyped non-founder ½ (v_father + v_mother)·M_s; and J,
 * the joint of the alleles two of its children receive (locus-kernels.ts).
 */
import { siblingJoint, vectorTimesMatrix, type LocusKernels } from './locus-kernels';
import { SEX_FEMALE, type CompiledPedigree, type Sex } from './pedigree';

/** The member's sex as the mutation kernels name it. */
export function sexOf(ped: CompiledPedigree, i: number): Sex {
  return ped.sex[i] === SEX_FEMALE ? 'female' : 'male';
}

/** v_i: the allele an untyped member with untyped ancestry passes to a child (post-mutation). */
export function passVector(ped: CompiledPedigree, i: number, k: LocusKernels): Float64Array {
  const f = ped.father[i]!;
  const sex = sexOf(ped, i);
  if (f < 0) return k.founderPass(sex);
  const a = passVector(ped, f, k);
  const b = passVector(ped, ped.mother[i]!, k);
  const mix = new Float64Array(k.n);
  for (let x = 0; x < k.n; x++) mix[x] = 0.5 * (a[x]! + b[x]!);
  return vectorTimesMatrix(mix, k.matrix(sex), k.n);
}

/** J of two children of an untyped member with untyped ancestry (founder: the cached one). */
export function memberSiblingJoint(ped: CompiledPedigree, i: number, k: LocusKernels): Float64Array {
  const sex = sexOf(ped, i);
  if (ped.father[i]! < 0) return k.founderSiblingJoint(sex);
  return siblingJoint(k.matrix(sex), passVector(ped, ped.father[i]!, k), passVector(ped, ped.mother[i]!, k), k.n);
}
