// Everything a notebook needs to draw, in one import: import { show, … } from "./src/display".
// (tslab cannot import a folder's index file, so this barrel is a file beside the folder.)
export { axis, bandTraces, figure, type Figure, type Layout, type Trace } from "./display/figure";
export { chartBundle, PLOTLY_MIME, publish, show, showTable, tableBundle } from "./display/show";
export { LiveDisplay } from "./display/live";
export { replayFigure, showReplay, type Replay } from "./display/replay";
export { sceneFor } from "./display/scenes";
export { dataFrame, tableHtml } from "./display/table";
export { NoChromiumError, saveHtml, savePng } from "./display/export";
export { closeRenderer, findChromium } from "./display/render";
export { inKernel, type MimeBundle } from "./core/kernel";
