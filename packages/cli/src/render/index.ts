// The rendering layer of the `idt` command: time-course plots and conceptual maps.

export {
  renderTimeCourses,
  type TimeCourseInput,
  type TimeCourseOptions,
  type TimeCourseSeries,
} from './plot-time-courses.js';
export {
  renderConceptualMap,
  conceptualMapDot,
  type ConceptGraph,
  type ConceptNode,
  type ConceptNodeKind,
  type ConceptEdge,
  type ConceptCluster,
} from './conceptual-map.js';
export { svgToPng, type RasterizeOptions } from './rasterize.js';
