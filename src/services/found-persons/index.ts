/** Found persons: registration (searched against every family at once) and reads. */
export { getFoundPerson, listFoundPersons, registerFoundPerson, registerFoundPersonsBulk } from './register-found-person';
