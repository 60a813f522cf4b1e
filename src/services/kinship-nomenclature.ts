/**
 * The one door from the services to the kinship module's nomenclature. src/kinship/index.ts is
 * being written on another branch; once merged, this import becomes `from '../kinship'`.
 */
export {
  alleleRepeatValue, AMELOGENIN, canonicalAllele, canonicalLocus, findLocus, isAutosomalLocus, KNOWN_LOCI, NomenclatureError,
  parseAllele,
} from '../kinship';
