// Places: China's provinces, cities and districts by code, a tolerant parser of typed places, and the tree the web's
// cascader picks from.
export { placeData, PROVINCE_ABBREVIATIONS, type PlaceData, type PlaceNode } from './places.data.js';
export {
  checkPlaceCodes,
  parsePlace,
  placeOf,
  type ParsedPlace,
  type PlaceCodes,
  type PlaceProblem,
} from './places.parse.js';
export { registerPlaceRoutes } from './places.routes.js';
